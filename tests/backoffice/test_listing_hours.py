"""A structure types its hours as it would say them; they are stored in OSM syntax and read back in French."""

import pytest
from django.urls import reverse

from allervers.directory.tracking import ListingChange
from tests.backoffice.test_listing_edition import service_data
from tests.factories import ServiceFactory, StructureFactory, member

pytestmark = pytest.mark.django_db


def edit(client, service, **overrides):
    return client.post(reverse("backoffice:service-edit", args=[service.pk]), service_data(**overrides))


def test_hours_typed_in_french_are_stored_in_osm_syntax_and_read_in_french(client):
    service = ServiceFactory(opening_hours="")
    client.force_login(member(service.structure))
    assert edit(client, service, opening_hours="lundi-vendredi 9h-12h, 14h-17h").status_code == 302
    service.refresh_from_db()
    assert service.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00"
    page = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    assert "Du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h" in page and "<code>" not in page


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("24h/24", "24/7"), ("sur rendez-vous", 'unknown "sur rendez-vous"'), ("Mo,Th 10:00-13:00", "Mo,Th 10:00-13:00")],
)
def test_round_the_clock_by_appointment_and_osm_syntax_are_accepted(client, typed, stored):
    service = ServiceFactory(opening_hours="")
    client.force_login(member(service.structure))
    assert edit(client, service, opening_hours=typed).status_code == 302
    service.refresh_from_db()
    assert service.opening_hours == stored


def test_unreadable_hours_are_refused_with_what_was_not_understood(client):
    service = ServiceFactory(opening_hours="Mo 09:00-12:00")
    client.force_login(member(service.structure))
    response = edit(client, service, opening_hours="lundi le matin")
    html = response.content.decode()
    assert response.status_code == 200 and "ces mots ne sont pas compris : « matin »" in html
    service.refresh_from_db()
    assert service.opening_hours == "Mo 09:00-12:00"


def test_the_preview_shows_the_reading_and_saves_nothing(client):
    service = ServiceFactory(opening_hours="Mo 09:00-12:00")
    client.force_login(member(service.structure))
    response = edit(client, service, opening_hours="du lundi au vendredi de 9 h à 12 h", apercu_horaires="1")
    html = response.content.decode()
    assert response.status_code == 200 and "Rien n'est encore enregistré" in html
    assert "Lecture des horaires sur la fiche publique" in html and "Du lundi au vendredi, de 9 h à 12 h" in html
    service.refresh_from_db()
    assert service.opening_hours == "Mo 09:00-12:00"


def test_the_form_offers_the_stored_hours_in_french_and_an_unchanged_form_changes_nothing(client):
    service = ServiceFactory(opening_hours="Mo-Fr 08:30-12:00; PH off")
    client.force_login(member(service.structure))
    html = client.get(reverse("backoffice:service-edit", args=[service.pk])).content.decode()
    typed = "du lundi au vendredi, de 8 h 30 à 12 h ; samedi et dimanche, fermé ; fermé les jours fériés"
    assert f'value="{typed}"' in html and "Lecture des horaires sur la fiche publique" in html
    assert edit(client, service, opening_hours=typed).status_code == 302
    service.refresh_from_db()
    assert service.opening_hours == "Mo-Fr 08:30-12:00; PH off"
    assert "opening_hours" not in ListingChange.objects.filter(service=service).latest("pk").changes


def test_a_structure_types_its_hours_the_same_way(client):
    structure = StructureFactory(opening_hours="")
    client.force_login(member(structure, role="admin"))
    data = {"name": structure.name, "structure_type": structure.structure_type, "opening_hours": "mardi 14h-17h"}
    response = client.post(reverse("backoffice:structure-edit", args=[structure.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    structure.refresh_from_db()
    assert structure.opening_hours == "Tu 14:00-17:00"
