"""What the annuaire de l'administration's town-hall fields become in the shipped file (territories/annuaire.py)."""

from allervers.territories.annuaire import address, phone, town_hall_fields

BELLEY = {
    "mairie_adresse": "11 boulevard de Verdun\n01300 Belley",
    "mairie_telephone": "04 79 42 23 00",
    "mairie_email": "mairie@belley.fr",
    "mairie_site": "https://www.belley.fr/",
    "mairie_horaires": '[["lundi","jeudi",[["08:00:00","12:00:00"]]]]',
}


def test_it_keeps_what_reads_without_doubt():
    fields = town_hall_fields(BELLEY, "01")

    assert (fields.street, fields.postal_code, fields.city) == ("11 boulevard de Verdun", "01300", "Belley")
    assert fields.phone == "+33479422300"
    assert (fields.email, fields.website) == ("mairie@belley.fr", "https://www.belley.fr/")
    assert fields.opening_hours == "Mo-Th 08:00-12:00"


def test_phones_are_stored_as_the_directory_stores_them():
    assert phone("05 90 99 11 22", "971") == "+590590991122"  # Guadeloupe dials its own country code
    assert phone("30 13", "13") == "3013"  # Marseille's short number, as dialled
    assert phone("03 90 6", "06") == ""  # too short: no number rather than a wrong one
    assert phone("", "01") == ""


def test_a_cedex_stays_in_the_city_and_an_odd_last_line_gives_no_postal_code():
    assert address("Quai du Port\n13233 Marseille Cedex 20") == ("Quai du Port", "13233", "Marseille Cedex 20")
    assert address("Place du Général-de-Gaulle\n2700 Évreux") == ("Place du Général-de-Gaulle", "", "")


def test_a_website_that_is_not_one_and_a_broken_email_are_left_out():
    fields = town_hall_fields(
        {**BELLEY, "mairie_site": "mairiedesavilly@orange.fr", "mairie_email": "milizac-guipronvel@bzh"}, "01"
    )

    assert fields.website == "" and fields.email == ""
    assert town_hall_fields({**BELLEY, "mairie_site": "https:/www.troussencourt.fr"}, "60").website == ""


def test_a_commune_without_any_town_hall_field_gives_nothing():
    assert not town_hall_fields({"mairie_adresse": "", "mairie_horaires": "[]"}, "75")
