import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from allervers.directory.models import Service
from tests.factories import StructureFactory, coordinator, member, with_second_factor

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:import")
HEADER = (
    "structure_id;structure_nom;structure_commune;service_id;service_nom;service_description;"
    "thematiques;publics;modes_accueil;zone_eligibilite\n"
)


def upload(rows):
    content = HEADER + "".join(f"{row}\n" for row in rows)
    return SimpleUploadedFile("annuaire.csv", content.encode("utf-8"), content_type="text/csv")


GOOD = (
    "s1;Association fictive Alpha;01000 Bourg-en-Bresse;s1-a;Écoute fictive;Écoute et orientation.;"
    "Violences conjugales;victimes;en-presentiel;commune"
)
BAD = (
    "s2;Association fictive Beta;Commune-Inconnue;s2-a;Accueil fictif;Accueil.;"
    "n-existe-pas;victimes;en-presentiel;commune"
)


def test_a_coordinator_checks_then_imports_a_file(client):
    with_second_factor(client, coordinator(zone_codes=["01"]))
    checked = client.post(URL, {"file": upload([GOOD]), "simuler": "1"}).content.decode()
    assert "Simulation : le fichier est valide, rien n'a été écrit" in checked
    assert not Service.objects.exists()
    done = client.post(URL, {"file": upload([GOOD]), "importer": "1"}, follow=True).content.decode()
    assert "Import terminé" in done
    assert Service.objects.get().name == "Écoute fictive"


def test_a_broken_row_writes_nothing_and_every_error_is_listed_with_its_line(client):
    with_second_factor(client, coordinator(zone_codes=["01"]))
    html = client.post(URL, {"file": upload([GOOD, BAD]), "importer": "1"}).content.decode()
    assert "Import refusé" in html and "rien n'a été écrit" in html
    assert "annuaire.csv, ligne 3" in html
    assert not Service.objects.exists()


def test_the_blank_template_downloads(client):
    with_second_factor(client, coordinator(zone_codes=["01"]))
    response = client.get(reverse("backoffice:import-template", args=["csv"]))
    assert response.status_code == 200
    assert b"structure_nom" in response.content
    response = client.get(reverse("backoffice:import-template", args=["xlsx"]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('modele-annuaire.xlsx"')
    assert client.get(reverse("backoffice:import-template", args=["pdf"])).status_code == 404


def test_only_coordinators_import(client):
    client.force_login(member(StructureFactory()))
    assert client.get(URL).status_code == 403
