"""The iCalendar feeds parse with the icalendar library, and their rules expand to 9 h local on both sides of the
spring change (2027-03-28); a cancelled date is absent."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rruleset, rrulestr
from django.urls import reverse
from icalendar import Calendar

from allervers.network.models import Stop
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


def occurrences_read(events, start: datetime.datetime, end: datetime.datetime) -> list[datetime.datetime]:
    """What a calendar application shows: each series expanded, and an instance its RECURRENCE-ID names replaced by
    the overriding event's DTSTART (RFC 5545 §3.8.4.4)."""
    masters = [event for event in events if "rrule" in event]
    overrides = {event.decoded("recurrence-id"): event for event in events if "recurrence-id" in event}
    shown = []
    for master in masters:
        uid = str(master["uid"])
        for moment in expand(master, start - datetime.timedelta(days=31), end + datetime.timedelta(days=31)):
            override = overrides.get(moment)
            if override is not None:
                assert str(override["uid"]) == uid
            shown.append(override.decoded("dtstart") if override is not None else moment)
    return sorted(moment for moment in shown if start <= moment <= end)


def test_a_moved_date_overrides_its_occurrence_with_a_recurrence_id(client, tour):
    tour.stop.move(
        datetime.date(2027, 3, 9),
        to=datetime.date(2027, 3, 10),
        start=datetime.time(14),
        end=datetime.time(17),
        reason="jour de marché déplacé",
    )
    events = parsed(client, reverse("network:unit-ics", args=[tour.unit.slug])).walk("VEVENT")
    recurring = next(event for event in events if "rrule" in event)
    moved = next(event for event in events if "recurrence-id" in event)
    assert len(events) == 2
    assert "exdate" not in recurring  # an EXDATE on the same instance would hide the override in some clients
    assert moved["uid"] == recurring["uid"]
    assert moved.decoded("recurrence-id") == datetime.datetime(2027, 3, 9, 9, tzinfo=PARIS)
    assert moved.decoded("dtstart") == datetime.datetime(2027, 3, 10, 14, tzinfo=PARIS)
    assert moved.decoded("dtend") == datetime.datetime(2027, 3, 10, 17, tzinfo=PARIS)
    assert "jour de marché déplacé" in str(moved["description"])
    shown = occurrences_read(
        events, datetime.datetime(2027, 2, 1, tzinfo=PARIS), datetime.datetime(2027, 4, 30, tzinfo=PARIS)
    )
    assert [moment.astimezone(PARIS) for moment in shown] == [
        datetime.datetime(2027, 2, 9, 9, tzinfo=PARIS),
        datetime.datetime(2027, 3, 10, 14, tzinfo=PARIS),
        datetime.datetime(2027, 4, 13, 9, tzinfo=PARIS),
    ]


def test_a_moved_date_beside_a_cancelled_one_keeps_the_cancelled_one_as_exdate(client, tour):
    tour.stop.cancel(datetime.date(2027, 2, 9))
    tour.stop.move(datetime.date(2027, 3, 9), to=datetime.date(2027, 3, 10))
    events = parsed(client, reverse("network:unit-ics", args=[tour.unit.slug])).walk("VEVENT")
    shown = occurrences_read(
        events, datetime.datetime(2027, 2, 1, tzinfo=PARIS), datetime.datetime(2027, 4, 30, tzinfo=PARIS)
    )
    assert [moment.astimezone(PARIS).date() for moment in shown] == [
        datetime.date(2027, 3, 10),
        datetime.date(2027, 4, 13),
    ]


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
