"""The iCalendar feeds parse with the icalendar library, and their rules expand to 9 h local on both sides of the
spring change (2027-03-28); a cancelled date is absent."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rruleset, rrulestr
from django.urls import reverse
from icalendar import Calendar

from allervers.network.enums import ExceptionKind
from allervers.network.models import Stop, StopException
from tests.factories import commune
from tests.network.conftest import BELLEY, GEX, make_stop

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def parsed(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert not response.cookies
    return Calendar.from_ical(response.content)


def expand(event, start: datetime.datetime, end: datetime.datetime) -> list[datetime.datetime]:
    """The event's starts between two moments: its RRULE with its EXDATEs, as a calendar application reads them."""
    dtstart = event.decoded("dtstart")
    rules = rruleset()
    rules.rrule(rrulestr(event["rrule"].to_ical().decode(), dtstart=dtstart))
    exdates = event.get("exdate")
    for group in exdates if isinstance(exdates, list) else [exdates] if exdates else []:
        for item in group.dts:
            rules.exdate(item.dt)
    return rules.between(start, end, inc=True)


def test_the_unit_feed_expands_to_9_local_across_the_spring_change(client, tour):
    tour.stop.cancel(datetime.date(2027, 2, 9), reason="intempéries")
    calendar = parsed(client, reverse("network:unit-ics", args=[tour.unit.slug]))
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    (event,) = calendar.walk("VEVENT")
    assert event["location"] == "place de la Mairie, Belley"
    starts = expand(event, datetime.datetime(2027, 1, 1, tzinfo=PARIS), datetime.datetime(2027, 5, 31, tzinfo=PARIS))
    local = [moment.astimezone(PARIS) for moment in starts]
    assert [moment.date() for moment in local] == [
        datetime.date(2027, 1, 12),
        datetime.date(2027, 3, 9),
        datetime.date(2027, 4, 13),
        datetime.date(2027, 5, 11),
    ]
    assert {moment.hour for moment in local} == {9}
    assert local[1].utcoffset() == datetime.timedelta(hours=1)
    assert local[2].utcoffset() == datetime.timedelta(hours=2)


def test_the_feed_ends_the_rule_at_the_stop_last_date(client, tour):
    tour.stop.until = datetime.date(2027, 3, 9)
    tour.stop.save()
    (event,) = parsed(client, reverse("network:unit-ics", args=[tour.unit.slug])).walk("VEVENT")
    starts = expand(event, datetime.datetime(2027, 1, 1, tzinfo=PARIS), datetime.datetime(2027, 12, 31, tzinfo=PARIS))
    assert starts[-1].astimezone(PARIS).date() == datetime.date(2027, 3, 9)


def test_a_moved_date_is_its_own_event(client, tour):
    StopException.objects.create(
        stop=tour.stop,
        date=datetime.date(2027, 3, 9),
        kind=ExceptionKind.MOVED,
        moved_to=datetime.date(2027, 3, 10),
        moved_start_time=datetime.time(14),
        moved_end_time=datetime.time(17),
    )
    events = parsed(client, reverse("network:unit-ics", args=[tour.unit.slug])).walk("VEVENT")
    recurring = next(event for event in events if "rrule" in event)
    single = next(event for event in events if "rrule" not in event)
    starts = expand(
        recurring, datetime.datetime(2027, 3, 1, tzinfo=PARIS), datetime.datetime(2027, 3, 31, tzinfo=PARIS)
    )
    assert starts == []
    assert single.decoded("dtstart") == datetime.datetime(2027, 3, 10, 14, tzinfo=PARIS)


def test_the_commune_feed_holds_the_stops_of_that_commune_only(client, tour):
    make_stop(tour.unit, GEX, place="parking de la salle des fêtes")
    single = Stop.create_single(
        tour.unit, commune(BELLEY), "centre social", datetime.date(2027, 4, 1), datetime.time(14), datetime.time(16)
    )
    events = parsed(client, reverse("network:commune-ics", args=[BELLEY])).walk("VEVENT")
    assert sorted(str(event["location"]) for event in events) == ["centre social, Belley", "place de la Mairie, Belley"]
    one_off = next(event for event in events if "rrule" not in event)
    assert one_off.decoded("dtstart") == datetime.datetime(2027, 4, 1, 14, tzinfo=PARIS)
    single.cancel(datetime.date(2027, 4, 1))
    events = parsed(client, reverse("network:commune-ics", args=[BELLEY])).walk("VEVENT")
    assert [str(event["location"]) for event in events] == ["place de la Mairie, Belley"]


def test_an_unknown_commune_or_unit_is_a_404(client, tour):
    assert client.get(reverse("network:commune-ics", args=["99999"])).status_code == 404
    assert client.get(reverse("network:unit-ics", args=["inconnue"])).status_code == 404
    tour.unit.is_published = False
    tour.unit.save()
    assert client.get(reverse("network:unit-ics", args=[tour.unit.slug])).status_code == 404
