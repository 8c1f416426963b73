from allervers.taxonomy.emergency import EMERGENCY_NUMBERS


def by_number(number: str):
    return next(item for item in EMERGENCY_NUMBERS if item.number == number)


def test_the_114_is_texted_not_called_and_offers_its_chat_and_video():
    item = by_number("114")
    assert item.href == "sms:114"
    assert item.action == "envoyer un SMS au"
    assert "ne peut pas parler" in item.when and "sourdes ou malentendantes" in item.when
    assert item.web_url == "https://www.urgence114.fr"
    assert "Tchat ou visio" in item.web_label


def test_the_other_numbers_are_called():
    assert [item.href for item in EMERGENCY_NUMBERS if item.number != "114"] == [
        "tel:17",
        "tel:112",
        "tel:15",
        "tel:18",
        "tel:115",
    ]
