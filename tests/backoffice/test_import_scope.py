"""The directory import obeys the rules of the edit pages: who may change what, a second factor, a change log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from allervers.directory.enums import ChangeOrigin
from allervers.directory.models import DEFAULT_SOURCE, Service, Structure
from allervers.directory.tracking import ListingChange
from tests.factories import ServiceFactory, StructureFactory, commune, coordinator, member, with_second_factor

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:import")
HEADER = (
    "structure_id;structure_nom;structure_commune;structure_telephone;service_id;service_nom;service_description;"
    "thematiques;publics;modes_accueil;zone_eligibilite\n"
)


def row(structure_id, name, place, phone="04 74 00 00 00", service_id="", service="Écoute fictive"):
    service_id = service_id or f"{structure_id}-a"
    modes, zone = ("en-presentiel", "commune") if place else ("a-distance", "france")
    return (
        f"{structure_id};{name};{place};{phone};{service_id};{service};Écoute et orientation.;"
        f"Violences conjugales;victimes;{modes};{zone}"
    )


def upload(*rows, name="annuaire.csv"):
    content = HEADER + "".join(f"{line}\n" for line in rows)
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


def ain_listing():
    """AVEMA-like structure of the Ain, as a previous import of the platform's source left it."""
    structure = StructureFactory(
        name="Association fictive d'aide aux victimes",
        commune=commune("01053"),
        phone="04 74 11 11 11",
        source=DEFAULT_SOURCE,
        source_id="avema",
    )
    ServiceFactory(structure=structure, name="Écoute fictive", source=DEFAULT_SOURCE, source_id="avema-a")
    return structure


def national_line():
    structure = StructureFactory(name="Ligne nationale fictive", commune=None, source=DEFAULT_SOURCE, source_id="ligne")
    ServiceFactory(
        structure=structure, name="Écoute fictive", helpline=True, source=DEFAULT_SOURCE, source_id="ligne-a"
    )
    return structure


def post(client, *rows):
    return client.post(URL, {"file": upload(*rows), "importer": "1"}).content.decode()


def test_a_coordinator_of_another_department_cannot_rewrite_a_listing_of_the_ain(client):
    structure = ain_listing()
    with_second_factor(client, coordinator(zone_codes=["74"]))
    html = post(client, row("avema", structure.name, "01000 Bourg-en-Bresse", phone="04 50 99 99 99"))
    assert "Import refusé" in html and "rien n'a été écrit" in html
    assert "annuaire.csv, ligne 2" in html
    assert "hors de votre territoire" in html
    structure.refresh_from_db()
    assert structure.phone == "04 74 11 11 11"
    assert not ListingChange.objects.exists()


def test_a_coordinator_cannot_create_a_structure_outside_its_territory(client):
    with_second_factor(client, coordinator(zone_codes=["01"]))
    html = post(
        client,
        row("alpha", "Association fictive Alpha", "01000 Bourg-en-Bresse"),
        row("beta", "Association fictive Beta", "74000 Annecy"),
    )
    assert "Import refusé : 1 erreur, rien n'a été écrit" in html
    assert "annuaire.csv, ligne 3" in html and "Annecy (74010) est hors de votre territoire" in html
    assert not Structure.objects.exists()


def test_a_coordinator_cannot_move_a_structure_of_its_territory_out_of_it(client):
    structure = ain_listing()
    with_second_factor(client, coordinator(zone_codes=["01"]))
    html = post(client, row("avema", structure.name, "74000 Annecy"))
    assert "déplacerait" in html and "Import refusé" in html
    structure.refresh_from_db()
    assert structure.commune.code == "01053"


def test_only_a_national_coordinator_changes_a_national_line(client):
    line = national_line()
    with_second_factor(client, coordinator(zone_codes=["01"]))
    html = post(client, row("ligne", line.name, "", phone="01 23 45 67 89"))
    assert "une fiche nationale" in html and "Import refusé" in html
    line.refresh_from_db()
    assert line.phone == ""

    client.logout()
    with_second_factor(client, coordinator(zone_codes=["france"], email="national@example.org"))
    html = post(client, row("ligne", line.name, "", phone="01 23 45 67 89"))
    assert "Import terminé" in html
    line.refresh_from_db()
    assert line.phone == "+33123456789"


def test_a_file_cannot_take_a_service_away_from_a_structure_outside_the_territory(client):
    ain_listing()
    with_second_factor(client, coordinator(zone_codes=["74"]))
    html = post(client, row("leman", "Association fictive du Léman", "74000 Annecy", service_id="avema-a"))
    assert "Import refusé" in html and "hors de votre territoire" in html
    assert Service.objects.get(source_id="avema-a").structure.source_id == "avema"
    assert not Structure.objects.filter(source_id="leman").exists()


def test_every_change_of_an_import_is_in_the_change_log_with_its_author_and_file(client):
    structure = ain_listing()
    user = coordinator(zone_codes=["01"])
    with_second_factor(client, user)
    html = post(
        client,
        row("avema", structure.name, "01000 Bourg-en-Bresse", phone="04 74 22 22 22"),
        row("alpha", "Association fictive Alpha", "01000 Bourg-en-Bresse"),
    )
    assert "Import terminé" in html
    changed = ListingChange.objects.get(structure=structure, service=None)
    assert changed.user == user and changed.origin == ChangeOrigin.IMPORT
    assert changed.file_name == "annuaire.csv"
    assert changed.changes["phone"] == ["04 74 11 11 11", "+33474222222"]
    created = Structure.objects.get(source_id="alpha")
    assert set(ListingChange.objects.filter(structure=created).values_list("action", flat=True)) == {
        "création par import"
    }
    assert ListingChange.objects.filter(structure=created, service__isnull=False).count() == 1
    page = client.get(reverse("backoffice:structure", args=[structure.pk])).content.decode()
    assert "modification par import" in page and "fichier « annuaire.csv »" in page


def test_the_command_records_itself_as_the_author(tmp_path):
    structure = ain_listing()
    path = tmp_path / "annuaire.csv"
    path.write_text(HEADER + row("avema", structure.name, "01000 Bourg-en-Bresse", phone="04 74 33 33 33") + "\n")
    call_command("import-directory", str(path), verbosity=0)
    change = ListingChange.objects.get(structure=structure, service=None)
    assert change.user is None and change.origin == ChangeOrigin.COMMAND and change.file_name == "annuaire.csv"


def test_a_refused_command_import_says_why_in_french(tmp_path):
    path = tmp_path / "annuaire.csv"
    path.write_text(HEADER + row("x", "Association fictive", "Commune-Inconnue") + "\n")
    with pytest.raises(CommandError, match="Import refusé"):
        call_command("import-directory", str(path), verbosity=0)


def test_the_import_page_asks_for_the_second_factor(client):
    client.force_login(coordinator(zone_codes=["01"]))
    response = client.get(URL)
    assert response.status_code == 302 and "/compte/" in response["Location"]
    response = client.post(URL, {"file": upload(row("a", "Association fictive", "01000 Bourg-en-Bresse"))})
    assert response.status_code == 302
    assert not Structure.objects.exists()


def test_a_member_who_is_not_a_coordinator_gets_a_403_before_any_second_factor(client):
    client.force_login(member(StructureFactory()))
    assert client.get(URL).status_code == 403
