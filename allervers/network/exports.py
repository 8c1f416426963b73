"""The stops in the open-data exports, added where the API assembles them (the directory knows nothing of stops).

- HSDS 3.0: one `schedule` row per stop and per service the unit brings, with the RFC 5545 fields the standard
  has (freq, interval, byday, bymonthday, dtstart, until, opens_at, closes_at), the stop's place and its cancelled
  and moved dates in the description (HSDS has no EXDATE). A rule HSDS cannot hold (DAILY, YEARLY) leaves its
  fields empty and is said in words.
- data·inclusion v1: one service row per stop and per service the unit brings, the service's row at the stop's
  place, `horaires_accueil` in OpenStreetMap syntax (« Tu[2] 09:00-12:00 », cancelled and moved dates « off », a
  moved passage on its new day) where the rule can be written in it, `modes_accueil` ["en-presentiel"]; our
  extension term `itinerant` (data·inclusion has no itinerant mode) stays in `modes_accueil_detailles`, beside the
  other detailed lists.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from allervers.directory.exports.datainclusion import local_id
from allervers.directory.exports.hsds_ids import entity_id, entity_pk, make_id
from allervers.directory.exports.hsds_records import Records
from allervers.directory.hours_text import MONTH_NAMES
from allervers.directory.models import Service
from allervers.network.models import Stop
from allervers.network.recurrence import rule_dates
from allervers.network.wording import describe_stop, rule_parts, time_range
from allervers.taxonomy.terms import ON_SITE

# Our mode d'accueil for a service that comes to people, and the data·inclusion term it is exported as.
ITINERANT = "itinerant"
MODE_EXPORTS = {ITINERANT: ON_SITE}
HSDS_FREQS = {"WEEKLY", "MONTHLY"}
OSM_DAYS = {"MO": "Mo", "TU": "Tu", "WE": "We", "TH": "Th", "FR": "Fr", "SA": "Sa", "SU": "Su"}
OSM_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def exported_stops(service_pks: Iterable[int], today: datetime.date) -> list[tuple[int, Stop]]:
    """(service key, stop) for every stop still running of a published unit that brings one of these services."""
    wanted = set(service_pks)
    stops = (
        Stop.objects.published()
        .active_on(today)
        .filter(unit__services__in=wanted)
        .distinct()
        .select_related("unit", "commune")
        .prefetch_related("exceptions", "unit__services")
        .order_by("pk")
    )
    return [(service.pk, stop) for stop in stops for service in stop.unit.services.all() if service.pk in wanted]


def cancelled_dates(stop: Stop) -> list[datetime.date]:
    """The rule's dates that do not take place as the rule says: cancelled, or moved to another day."""
    return sorted(row.date for row in stop.exceptions.all() if rule_dates(stop, row.date, row.date))


def moved_passages(stop: Stop) -> list[tuple[datetime.date, datetime.date, datetime.time, datetime.time]]:
    """(original date, new date, start, end) of the stop's moved dates."""
    rows = [row for row in stop.exceptions.all() if row.is_moved and row.moved_to is not None]
    return sorted(
        (row.date, row.moved_to, row.moved_start_time or stop.start_time, row.moved_end_time or stop.end_time)
        for row in rows
        if row.moved_to is not None and rule_dates(stop, row.date, row.date)
    )


def _french_date(day: datetime.date) -> str:
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTH_NAMES[day.month - 1]} {day.year}"


def stop_description(stop: Stop) -> str:
    when = describe_stop(stop.rrule, stop.dtstart, stop.start_time, stop.end_time)
    zone = timezone.get_default_timezone_name()
    where = f"{stop.place}, {stop.commune.name}"
    text = f"Passage de l'unité mobile {stop.unit.name} : {where} — {when} (heure locale, {zone})."
    dropped = cancelled_dates(stop)
    if dropped:
        text += f" Passages annulés ou déplacés : {', '.join(_french_date(day) for day in dropped)}."
    moves = [
        f"du {_french_date(old)} au {_french_date(new)} ({time_range(start, end)})"
        for old, new, start, end in moved_passages(stop)
    ]
    if moves:
        text += f" Passages déplacés : {', '.join(moves)}."
    return text


# HSDS ---------------------------------------------------------------------------------------------------------------
def hsds_schedule(stop: Stop, service_id: str) -> dict[str, Any]:
    parts = rule_parts(stop.rrule) if stop.rrule else {}
    freq = parts.get("FREQ") if parts.get("FREQ") in HSDS_FREQS else None
    row: dict[str, Any] = {
        "id": make_id("schedule", "stop", stop.pk, service_id),
        "service_id": service_id,
        "valid_from": stop.dtstart.isoformat(),
        "valid_to": stop.until.isoformat() if stop.until else None,
        "dtstart": stop.dtstart.isoformat(),
        "until": (stop.until or stop.dtstart).isoformat() if stop.until or not stop.rrule else None,
        "freq": freq,
        "interval": int(parts.get("INTERVAL", "1")) if freq else None,
        "byday": parts.get("BYDAY") if freq else None,
        "bymonthday": parts.get("BYMONTHDAY") if freq == "MONTHLY" else None,
        "wkst": parts.get("WKST") if freq else None,
        "count": int(parts["COUNT"]) if freq and "COUNT" in parts else None,
        "opens_at": stop.start_time.strftime("%H:%M:%S"),
        "closes_at": stop.end_time.strftime("%H:%M:%S"),
        "description": stop_description(stop),
        "attending_type": "Sur place, au passage de l'unité mobile",
    }
    return row


def add_stop_schedules(records: Records, today: datetime.date | None = None) -> Records:
    """The schedules of the stops of the services these records hold."""
    keys = {entity_pk("service", row["id"]): row["id"] for row in records.tables["service"]}
    keys.pop(None, None)
    for service_pk, stop in exported_stops([pk for pk in keys if pk is not None], today or timezone.localdate()):
        records.tables["schedule"].append(hsds_schedule(stop, entity_id("service", service_pk)))
    return records


# data·inclusion ------------------------------------------------------------------------------------------------------
def _osm_date(day: datetime.date) -> str:
    return f"{day.year} {OSM_MONTHS[day.month - 1]} {day.day:02d}"


def _osm_days(parts: dict[str, str]) -> str | None:
    """Tu, Mo,Th, Tu[2], Tu[1,3], Fr[-1]; None when OpenStreetMap syntax cannot say the rule."""
    if set(parts) - {"FREQ", "BYDAY", "WKST"} or "BYDAY" not in parts:
        return None
    items = parts["BYDAY"].split(",")
    if parts["FREQ"] == "WEEKLY":
        names = [OSM_DAYS.get(item) for item in items]
        return ",".join(name for name in names if name) if all(names) else None
    if parts["FREQ"] != "MONTHLY":
        return None
    by_day: dict[str, list[str]] = {}
    for item in items:
        code, rank = item[-2:], item[:-2]
        if code not in OSM_DAYS or not rank or not rank.lstrip("-").isdigit():
            return None
        by_day.setdefault(OSM_DAYS[code], []).append(rank)
    return ",".join(f"{name}[{','.join(ranks)}]" for name, ranks in by_day.items())


def osm_hours(stop: Stop) -> str | None:
    """The stop's hours in OpenStreetMap opening_hours syntax, or None when the rule cannot be written in it."""
    times = f"{stop.start_time:%H:%M}-{stop.end_time:%H:%M}"
    if not stop.rrule:
        rules = [f"{_osm_date(stop.dtstart)} {times}"]
    else:
        days = _osm_days(rule_parts(stop.rrule))
        if days is None:
            return None
        span = f"{_osm_date(stop.dtstart)}-{_osm_date(stop.until)} " if stop.until else ""
        rules = [f"{span}{days} {times}"]
    rules += [f"{_osm_date(day)} off" for day in cancelled_dates(stop)]
    rules += [f"{_osm_date(new)} {start:%H:%M}-{end:%H:%M}" for _, new, start, end in moved_passages(stop)]
    return "; ".join(rules)


def datainclusion_stop_row(row: dict[str, Any], stop: Stop) -> dict[str, Any]:
    """A copy of the service's data·inclusion row, at the stop's place and hours."""
    item = copy.deepcopy(row)
    commune = stop.commune.current
    name = f"{row['nom']} — {stop.unit.name}, {stop.commune.name}"
    item.update(
        {
            "id": f"{row['id']}--passage-{stop.pk}",
            "nom": name if len(name) <= 150 else name[:149] + "…",
            "commune": commune.name,
            "code_insee": commune.code,
            "code_postal": (commune.postal_codes or [None])[0],
            "adresse": stop.place,
            "complement_adresse": None,
            "latitude": stop.point[0] if stop.point else None,
            "longitude": stop.point[1] if stop.point else None,
            "horaires_accueil": osm_hours(stop),
            "modes_accueil": [MODE_EXPORTS[ITINERANT]],
            "modes_accueil_detailles": [ITINERANT],
            "description": f"{row['description']}\n\n{stop_description(stop)}",
        }
    )
    return item


def add_stop_services(data: dict[str, Any], today: datetime.date | None = None) -> dict[str, Any]:
    """Append to a data·inclusion export ({"structures", "services"}) a row per stop of the exported services
    that a published unit brings."""
    brought = Service.objects.filter(mobile_units__is_published=True).distinct().only("pk", "source", "source_id")
    keys = {(service.source, local_id(service)): service.pk for service in brought}
    rows = {keys[(row["source"], row["id"])]: row for row in data["services"] if (row["source"], row["id"]) in keys}
    for service_pk, stop in exported_stops(rows, today or timezone.localdate()):
        data["services"].append(datainclusion_stop_row(rows[service_pk], stop))
    return data
