"""iCalendar feeds (RFC 5545) of mobile units' stops: one VEVENT per stop with its RRULE and its cancelled dates as
EXDATE; a moved date is an overriding VEVENT of the same UID whose RECURRENCE-ID names the date the rule gives and
whose DTSTART is the new day (RFC 5545 §3.8.4.4), in the deployment's time zone with its VTIMEZONE.

A calendar application expands the rule in local time, so a 9 h stop stays at 9 h across daylight-saving changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from allervers.network.models import MobileUnit, Stop
from allervers.network.models.units import StopQuerySet
from allervers.network.recurrence import local_datetime, rule_dates
from allervers.network.wording import describe_stop


def _host() -> str:
    return settings.ALLERVERS_BASE_URL.split("//", 1)[-1].split("/", 1)[0] or "aller-vers"


def _url(path: str) -> str:
    return settings.ALLERVERS_BASE_URL.rstrip("/") + path


def calendar(title: str, stops: Iterable[Stop]) -> bytes:
    """The feed of these stops (prefetch their unit, commune and exceptions)."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.ALLERVERS_PLATFORM_NAME}//Unités mobiles//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", timezone.get_default_timezone_name())
    stamp = timezone.now()
    for stop in stops:
        for event in stop_events(stop, stamp):
            cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _event(
    stop: Stop,
    uid: str,
    day: datetime.date,
    stamp: datetime.datetime,
    start: datetime.time | None = None,
    end: datetime.time | None = None,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", f"{stop.unit.name} — {stop.commune.name}")
    event.add("dtstart", local_datetime(day, start or stop.start_time))
    event.add("dtend", local_datetime(day, end or stop.end_time))
    event.add("location", f"{stop.place}, {stop.commune.name}")
    if stop.latitude is not None and stop.longitude is not None:
        event.add("geo", (stop.latitude, stop.longitude))
    event.add("url", _url(stop.unit.get_absolute_url()))
    lines = [describe_stop(stop.rrule, stop.dtstart, stop.start_time, stop.end_time), stop.note]
    lines += [f"Services : {', '.join(service.name for service in stop.unit.services.all())}"]
    event.add("description", "\n".join(line for line in lines if line and not line.endswith(": ")))
    return event


def stop_events(stop: Stop, stamp: datetime.datetime) -> list[Event]:
    """The stop's events: none for a cancelled one-off stop."""
    uid = f"passage-{stop.pk}@{_host()}"
    exceptions = [row for row in stop.exceptions.all() if rule_dates(stop, row.date, row.date)]
    if not stop.rrule:
        held = not any(row.date == stop.dtstart for row in exceptions)
        return [_event(stop, uid, stop.dtstart, stamp)] if held else []
    event = _event(stop, uid, stop.dtstart, stamp)
    rule = vRecur.from_ical(stop.rrule)
    if stop.until:
        # With a zoned DTSTART, RFC 5545 wants UNTIL in UTC: the end of the last day, local time.
        last = local_datetime(stop.until, datetime.time(23, 59, 59)).astimezone(datetime.UTC)
        rule["UNTIL"] = [last]
    event.add("rrule", rule)
    dropped = sorted(row.date for row in exceptions if not row.is_moved)
    if dropped:
        event.add("exdate", [local_datetime(day, stop.start_time) for day in dropped])
    events = [event]
    for row in exceptions:
        if row.is_moved and row.moved_to is not None:
            moved = _event(stop, uid, row.moved_to, stamp, row.moved_start_time, row.moved_end_time)
            moved.add("recurrence-id", local_datetime(row.date, stop.start_time))
            why = f" ({row.reason})" if row.reason else ""
            moved["description"] = f"Passage déplacé, prévu le {row.date:%d/%m/%Y}{why}.\n{moved['description']}"
            events.append(moved)
    return events


def feed_stops(since: datetime.date) -> StopQuerySet:
    """Stops of published units still running (or ended after `since`), with what the feed reads."""
    return (
        Stop.objects.published()
        .active_on(since)
        .select_related("unit", "commune")
        .prefetch_related("exceptions", "unit__services")
        .order_by("dtstart", "pk")
    )


def unit_feed(unit: MobileUnit, since: datetime.date) -> bytes:
    return calendar(f"{unit.name} : passages", feed_stops(since).filter(unit=unit))
