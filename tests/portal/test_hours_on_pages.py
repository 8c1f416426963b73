"""The public reads hours in French: on a service's page, a structure's page, and every helpline's card."""

import pytest
from django.urls import reverse

from tests.factories import ServiceFactory, StructureFactory

pytestmark = pytest.mark.django_db


def test_a_service_page_reads_its_hours_in_french_with_today_and_a_status(client):
    service = ServiceFactory(opening_hours="Mo-Fr 08:30-12:00,13:30-17:30; PH off")
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    assert "Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h 30" in html
    assert "Fermé les jours fériés" in html and "Aujourd&#x27;hui" in html
    assert "<strong>Ouvert" in html or "<strong>Fermé" in html
    assert "<code>" not in html and "Mo-Fr" not in html


def test_a_structure_page_reads_its_hours_in_french(client):
    structure = StructureFactory(opening_hours="Tu,Th 14:00-17:00")
    html = client.get(reverse("portal:structure", args=[structure.pk, structure.slug])).content.decode()
    assert "Mardi et jeudi, de 14 h à 17 h" in html and "Tu,Th" not in html


def test_a_helpline_that_is_not_open_round_the_clock_shows_its_hours(client):
    line = ServiceFactory(helpline=True, always_open=False, name="Ligne fictive", opening_hours="Mo-Su 09:00-19:00")
    ServiceFactory(helpline=True, name="Ligne fictive permanente")
    html = client.get(reverse("portal:emergency")).content.decode()
    assert "Horaires : tous les jours, de 9 h à 19 h." in html
    assert "24 h/24, 7 j/7." in html
    page = client.get(reverse("portal:service", args=[line.pk, line.slug])).content.decode()
    assert "Tous les jours, de 9 h à 19 h" in page
