"""A stop is a result of the public search at its commune and nearby ones: its next passage in words, the dates
after it, and a cancelled date said so."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from allervers.network.nearby import stops_near
from allervers.network.wording import day_of_month
from tests.factories import commune
from tests.network.conftest import BELLEY, BOURG, BRENS, make_stop

pytestmark = pytest.mark.django_db
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def weekly_in(tour, days: int):
    """The fixture's unit, stopping every week on the weekday `days` from today, 9 h–12 h at Belley."""
    tour.stop.delete()
    first = timezone.localdate() + datetime.timedelta(days=days)
    return make_stop(
        tour.unit, rrule=f"FREQ=WEEKLY;BYDAY={ICAL_DAYS[first.weekday()]}", dtstart=timezone.localdate()
    ), first


def search(client, code: str) -> str:
    response = client.get("/recherche/", {"code_commune": code, "commune": code})
    assert response.status_code == 200
    return response.content.decode()


def test_the_search_at_the_stop_commune_shows_the_next_passage_and_the_following_dates(client, tour):
    _, first = weekly_in(tour, 3)
    html = search(client, BELLEY)
    assert f"Prochain passage : {day_of_month(first)}, 9 h–12 h, place de la Mairie" in html
    later = first + datetime.timedelta(days=7)
    assert f"Puis : {later.day} " in html
    assert 'href="/unites-mobiles/bus-fictif/"' in html


def test_a_nearby_commune_shows_it_with_its_distance_and_a_far_one_does_not(client, tour):
    _, first = weekly_in(tour, 3)
    html = search(client, BRENS)
    assert f"Prochain passage : {day_of_month(first)}, 9 h–12 h" in html
    assert "Belley (à 4,8 km)" in html
    assert "Prochain passage" not in search(client, BOURG)


def test_a_search_for_a_need_shows_only_the_units_that_bring_it(client, tour):
    _, first = weekly_in(tour, 3)
    brought = {"code_commune": BELLEY, "commune": BELLEY, "thematique": "aide-aux-victimes--ecoute-et-orientation"}
    html = client.get("/recherche/", brought).content.decode()
    assert f"Prochain passage : {day_of_month(first)}, 9 h–12 h" in html
    # The bus brings listening and orientation, not emergency housing: a person looking for a bed is not sent to it.
    housing = dict(brought, thematique="logement-hebergement--rechercher-une-solution-dhebergement-temporaire")
    assert "Prochain passage" not in client.get("/recherche/", housing).content.decode()


def test_a_cancelled_next_date_is_said_and_the_following_one_is_the_next_passage(client, tour):
    stop, first = weekly_in(tour, 3)
    stop.cancel(first, reason="intempéries")
    html = search(client, BELLEY)
    assert f"Passage du {day_of_month(first)}, 9 h–12 h annulé</strong> (intempéries)" in html
    assert f"Prochain passage : {day_of_month(first + datetime.timedelta(days=7))}, 9 h–12 h" in html


def test_a_later_cancelled_date_is_marked_among_the_following(client, tour):
    stop, first = weekly_in(tour, 3)
    stop.cancel(first + datetime.timedelta(days=14))
    html = search(client, BELLEY)
    assert "(annulé)" in html


def test_an_unpublished_unit_or_an_ended_stop_is_not_shown(tour):
    stop, _ = weekly_in(tour, 3)
    assert len(stops_near(commune(BELLEY), timezone.localdate())) == 1
    stop.until = timezone.localdate() - datetime.timedelta(days=1)
    stop.save()
    assert stops_near(commune(BELLEY), timezone.localdate()) == []
    stop.until = None
    stop.save()
    tour.unit.is_published = False
    tour.unit.save()
    assert stops_near(commune(BELLEY), timezone.localdate()) == []


def test_the_stops_cost_two_queries(tour, django_assert_num_queries):
    weekly_in(tour, 3)
    make_stop(tour.unit, BRENS, place="salle des fêtes")
    belley = commune(BELLEY)
    with django_assert_num_queries(2):
        found = stops_near(belley, timezone.localdate())
    assert [item.stop.commune.code for item in found] == [BELLEY, BRENS]
