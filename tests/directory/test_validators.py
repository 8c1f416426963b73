import pytest
from django.core.exceptions import ValidationError

from allervers.directory.validators import (
    display_phone,
    normalize_phone,
    validate_opening_hours,
    validate_zone_codes,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("04 74 00 00 00", "+33474000000"),
        ("04.74.00.00.00", "+33474000000"),
        ("+33 4 74 00 00 00", "+33474000000"),
        ("3919", "3919"),
        ("119", "119"),
        ("116 006", "116006"),
        ("01 40 47 06 06", "+33140470606"),
    ],
)
def test_it_normalises_french_phone_numbers(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["04 74", "bonjour", "00 00 00 00 00"])
def test_it_rejects_what_is_not_a_phone_number_in_french(raw):
    with pytest.raises(ValidationError, match="n'est pas un numéro de téléphone"):
        normalize_phone(raw)


def test_it_displays_numbers_as_a_french_reader_expects():
    assert display_phone("+33474000000") == "04 74 00 00 00"
    assert display_phone("116006") == "116 006"
    assert display_phone("3919") == "3919"


def test_it_accepts_osm_opening_hours_and_rejects_nonsense_in_french():
    assert validate_opening_hours(" Mo-Fr 09:00-12:00,14:00-17:00; PH off ") == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    with pytest.raises(ValidationError, match="format OpenStreetMap"):
        validate_opening_hours("du lundi au vendredi")


def test_it_accepts_zone_codes_of_every_level_and_rejects_others():
    assert validate_zone_codes(["01283", "200042935", "01", "2A", "R84", "France", "01283"]) == [
        "01283",
        "200042935",
        "01",
        "2A",
        "R84",
        "france",
    ]
    with pytest.raises(ValidationError, match="n'est pas un code de zone"):
        validate_zone_codes(["Oyonnax"])
    with pytest.raises(ValidationError, match="au moins un code"):
        validate_zone_codes([])
