"""The public pages of the mobile units: what a unit brings, its next passages with a cancelled one said so, the
feed link; no cookie; the base template's quick exit and emergency numbers."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.network.conftest import make_stop

pytestmark = pytest.mark.django_db


def test_the_unit_page_shows_what_it_brings_and_its_next_passages(client, tour):
    stop = make_stop(tour.unit, rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU", dtstart=timezone.localdate())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    stop.cancel(tomorrow, reason="intempéries")
    response = client.get("/unites-mobiles/bus-fictif/")
    assert response.status_code == 200 and not response.cookies
    html = response.content.decode()
    assert "Écoute et orientation (fictif)" in html
    assert "Chaque lundi, mardi, mercredi, jeudi, vendredi, samedi et dimanche" in html
    assert "passage annulé</strong> (intempéries)" in html
    assert 'href="/unites-mobiles/bus-fictif.ics"' in html
    assert "bus@example.org" in html
    assert "3919" in html  # the base template's emergency numbers


def test_the_list_names_each_published_unit_and_its_communes(client, tour):
    make_stop(tour.unit, rrule="FREQ=WEEKLY;BYDAY=MO", dtstart=timezone.localdate())
    response = client.get("/unites-mobiles/")
    assert response.status_code == 200 and not response.cookies
    html = response.content.decode()
    assert "Bus fictif" in html and "Belley" in html
    tour.unit.is_published = False
    tour.unit.save()
    assert "Bus fictif" not in client.get("/unites-mobiles/").content.decode()
    assert client.get("/unites-mobiles/bus-fictif/").status_code == 404
