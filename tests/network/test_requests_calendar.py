"""The unit's month calendar: its recurring stops' dates, a cancelled date said so, the accepted visits with the
structure that asked; other months by the address; the operator's and coordinators' page only."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from allervers.network.models import Stop
from tests.factories import commune, coordinator
from tests.network.test_requests import OYONNAX, Parties, make_parties, new_request


@pytest.fixture
def parties(db) -> Parties:
    return make_parties()


def calendar_of(client, parties: Parties, month: str):
    return client.get(reverse("network:unit-calendar", args=[parties.unit.pk]), {"mois": month})


def cell(page: str, day: int) -> str:
    """The text of the table cell of a day of the month."""
    match = re.search(rf'<td><p class="fr-text--bold fr-mb-1v">{day}<span.*?</td>', page, re.S)
    assert match, day
    return match.group(0)


def test_it_shows_the_stops_the_cancelled_date_and_the_accepted_visit(client, parties):
    # The 2nd Tuesday of the month at Belley: 9 February and 9 March 2027 (both months start on a Monday).
    stop = Stop(
        unit=parties.unit,
        commune=commune("01034"),
        place="place de la Mairie",
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        rrule="FREQ=MONTHLY;BYDAY=2TU",
        dtstart=datetime.date(2026, 1, 1),
    )
    stop.full_clean()
    stop.save()
    stop.cancel(datetime.date(2027, 3, 9), reason="travaux")
    visit = new_request(parties, wished_date_1=datetime.date(2027, 2, 17), wished_date_2=None)
    visit.accept(
        by=parties.operator_user, day=datetime.date(2027, 2, 17), start=datetime.time(14), end=datetime.time(17)
    )
    client.force_login(parties.operator_user)
    february = calendar_of(client, parties, "2027-02").content.decode()
    assert "Février 2027" in february
    assert "09:00–12:00 place de la Mairie, Belley" in cell(february, 9)
    assert "place de la Mairie" not in cell(february, 16)
    assert "visite demandée par Centre social fictif" in cell(february, 17) and visit.reference in cell(february, 17)
    march = calendar_of(client, parties, "2027-03").content.decode()
    assert "annulé" in cell(march, 9)
    assert 'href="?mois=2027-02"' in march and 'href="?mois=2027-04"' in march


def test_pending_requests_are_listed_under_the_month(client, parties):
    visit = new_request(parties)
    client.force_login(parties.operator_user)
    page = client.get(reverse("network:unit-calendar", args=[parties.unit.pk])).content.decode()
    assert visit.reference in page and commune(OYONNAX).name in page


def test_a_bad_month_is_refused_in_french(client, parties):
    client.force_login(parties.operator_user)
    response = calendar_of(client, parties, "2027-13")
    assert response.status_code == 400
    assert "Indiquez un mois sous la forme AAAA-MM" in response.content.decode()


def test_only_the_operator_and_its_coordinators_see_it(client, parties):
    client.force_login(parties.requester_user)
    assert calendar_of(client, parties, "2027-02").status_code == 404
    client.force_login(coordinator(zone_codes=["01"]))
    assert calendar_of(client, parties, "2027-02").status_code == 200
