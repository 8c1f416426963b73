"""The public agenda and its iCalendar feed, read back with the icalendar library."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from allervers.outreach.enums import Audience
from allervers.outreach.models import AwarenessEvent
from tests.factories import commune
from tests.outreach.conftest import make_session

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def events(training):
    start = datetime.datetime(2030, 7, 2, 9, 0, tzinfo=PARIS)  # summer time: UTC+2
    market = AwarenessEvent.objects.create(
        offer=training.offer,
        title="Stand au marché (fictif)",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        commune=commune("01283"),
        place="Marché",
        audience=Audience.OLDER_PEOPLE,
    )
    past = timezone.now() - datetime.timedelta(days=3)
    AwarenessEvent.objects.create(
        offer=training.offer, title="Passé", starts_at=past, ends_at=past, commune=commune("01283")
    )
    make_session(training.offer, days=-20)  # ended: not listed
    return market


def test_the_feed_has_one_event_per_upcoming_session_or_event(client, training, events):
    response = client.get(reverse("outreach:agenda-ics"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    vevents = calendar.walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in vevents) == sorted([training.offer.title, "Stand au marché (fictif)"])
    market = next(e for e in vevents if str(e["SUMMARY"]) == "Stand au marché (fictif)")
    start = market.decoded("DTSTART")
    assert start.utcoffset() == datetime.timedelta(hours=2)
    assert (start.hour, start.minute) == (9, 0)
    assert start.astimezone(datetime.UTC).hour == 7
    assert str(market["URL"]).endswith(reverse("outreach:event", args=[events.pk]))
    assert not response.cookies


def test_the_agenda_filters_by_commune_epci_and_public(client, training, events):
    page = client.get(reverse("outreach:agenda")).content.decode()
    assert "Stand au marché (fictif)" in page and "Repérer les violences conjugales" in page and "Passé" not in page
    page = client.get(reverse("outreach:agenda"), {"public": Audience.OLDER_PEOPLE}).content.decode()
    assert "Stand au marché" in page and "Repérer les violences conjugales" not in page
    page = client.get(reverse("outreach:agenda"), {"commune": "01053"}).content.decode()
    assert "Stand au marché" not in page and "Repérer les violences conjugales" in page
    page = client.get(reverse("outreach:agenda"), {"epci": commune("01283").epci_id}).content.decode()
    assert "Stand au marché" in page and "Repérer les violences conjugales" not in page
    feed = Calendar.from_ical(client.get(reverse("outreach:agenda-ics"), {"public": "professionnels"}).content)
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == [training.offer.title]


def test_a_wrong_filter_is_ignored_not_an_error(client, training):
    assert client.get(reverse("outreach:agenda"), {"commune": "zzz", "public": "x"}).status_code == 200
    assert client.get(reverse("outreach:agenda-ics"), {"epci": "'"}).status_code == 200


def test_each_event_has_its_page(client, events):
    response = client.get(reverse("outreach:event", args=[events.pk]))
    assert "Marché, Oyonnax" in response.content.decode() and not response.cookies
    assert client.get(reverse("outreach:event", args=[999999])).status_code == 404
