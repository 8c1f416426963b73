from allervers.taxonomy.languages import FRENCH_NAMES, language_names


def test_it_reads_the_codes_of_the_3919_in_french():
    assert language_names(["fr", "en", "ar", "es", "he", "zh", "fa", "pl", "pt", "tr"]) == [
        "français",
        "anglais",
        "arabe",
        "espagnol",
        "hébreu",
        "chinois",
        "persan",
        "polonais",
        "portugais",
        "turc",
    ]


def test_it_shows_an_unknown_code_as_typed_rather_than_dropping_it():
    assert language_names(["FR", " xx ", ""]) == ["français", " xx "]


def test_it_names_every_two_letter_code_in_lower_case():
    assert len(FRENCH_NAMES) == 184
    assert all(len(code) == 2 for code in FRENCH_NAMES)
    assert all(name[:1].islower() for name in FRENCH_NAMES.values())
