"""When a mobile unit's stop happens: its RFC 5545 rule expanded in local time, with its exceptions.

A stop keeps wall-clock times (9 h–12 h) and a rule without DTSTART (``FREQ=MONTHLY;BYDAY=2TU``); the rule is
expanded on naive local dates and each occurrence is then placed in the deployment's time zone (Europe/Paris by
default), so a stop at 9 h stays at 9 h on both sides of a daylight-saving change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateutil.rrule import rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils import timezone

if TYPE_CHECKING:
    from allervers.network.models import Stop, StopException

# Guards a rule such as FREQ=DAILY without end from producing years of rows on one page.
MAX_OCCURRENCES = 400
_ALLOWED_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_FORBIDDEN_PARTS = {"DTSTART", "UNTIL", "BYHOUR", "BYMINUTE", "BYSECOND"}


def normalise_rrule(text: str) -> str:
    """The rule as stored: upper case, without an ``RRULE:`` prefix or spaces."""
    value = "".join(text.split()).upper()
    return value.removeprefix("RRULE:")


def parse_rrule(text: str, dtstart: datetime.date) -> rrule:
    """The dateutil rule of a stored rule text, starting on ``dtstart`` (naive local midnight)."""
    start = datetime.datetime.combine(dtstart, datetime.time())
    parsed = rrulestr(f"RRULE:{normalise_rrule(text)}", dtstart=start)
    if not isinstance(parsed, rrule):  # pragma: no cover - an RRULE: line always gives an rrule
        raise ValidationError("La règle de récurrence n'est pas lisible.")
    return parsed


def validate_rrule(text: str) -> None:
    """A clear French message for a rule that RFC 5545 (as dateutil reads it) or our stops cannot use."""
    value = normalise_rrule(text)
    if not value:
        return
    parts: dict[str, str] = {}
    for part in value.split(";"):
        key, _, val = part.partition("=")
        parts[key] = val
    if parts.get("FREQ") not in _ALLOWED_FREQS:
        raise ValidationError(
            "La règle doit commencer par une fréquence quotidienne, hebdomadaire, mensuelle ou annuelle "
            "(FREQ=DAILY, WEEKLY, MONTHLY ou YEARLY)."
        )
    forbidden = sorted(_FORBIDDEN_PARTS & set(parts))
    if forbidden:
        raise ValidationError(
            f"La règle ne doit pas contenir {', '.join(forbidden)} : la date de début, la date de fin et les "
            "horaires ont leurs propres champs."
        )
    try:
        parse_rrule(value, datetime.date(2000, 1, 1))
    except (ValueError, TypeError) as error:
        raise ValidationError(f"La règle de récurrence n'est pas valide (RFC 5545) : {error}.") from error


@dataclass(frozen=True)
class Occurrence:
    """One passage of a stop: its local start and end, and whether it is cancelled or moved."""

    stop: Stop
    date: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    cancelled: bool = False
    reason: str = ""
    moved_from: datetime.date | None = None


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The aware datetime of a wall-clock time on a day in the deployment's time zone."""
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def rule_dates(stop: Stop, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The dates the rule (or the single date) gives between start and end included, before exceptions."""
    first = max(start, stop.dtstart)
    last = min(end, stop.until) if stop.until else end
    if first > last:
        return []
    if not stop.rrule:
        return [stop.dtstart] if first <= stop.dtstart <= last else []
    rule = parse_rrule(stop.rrule, stop.dtstart)
    days = rule.between(
        datetime.datetime.combine(first, datetime.time()), datetime.datetime.combine(last, datetime.time()), inc=True
    )
    return [day.date() for day in days[:MAX_OCCURRENCES]]


def occurrences(
    stop: Stop,
    start: datetime.date,
    end: datetime.date,
    *,
    include_cancelled: bool = False,
    exceptions: Iterable[StopException] | None = None,
) -> list[Occurrence]:
    """The passages of a stop between two dates, in order: cancelled dates absent (or flagged for display),
    moved dates at their new day and times. Pass ``exceptions`` to reuse prefetched rows."""
    rows = list(stop.exceptions.all() if exceptions is None else exceptions)
    by_date = {row.date: row for row in rows}
    result: list[Occurrence] = []
    for day in rule_dates(stop, start, end):
        exception = by_date.get(day)
        if exception is not None and exception.is_moved:
            continue
        cancelled = exception is not None
        if cancelled and not include_cancelled:
            continue
        result.append(_occurrence(stop, day, cancelled=cancelled, reason=exception.reason if exception else ""))
    for row in rows:
        moved = row.is_moved and row.moved_to is not None and start <= row.moved_to <= end
        if moved and row.moved_to is not None and rule_dates(stop, row.date, row.date):
            result.append(
                _occurrence(
                    stop,
                    row.moved_to,
                    starts=row.moved_start_time,
                    ends=row.moved_end_time,
                    reason=row.reason,
                    moved_from=row.date,
                )
            )
    result.sort(key=lambda item: (item.starts_at, item.stop.pk or 0))
    return result


def _occurrence(
    stop: Stop,
    day: datetime.date,
    *,
    starts: datetime.time | None = None,
    ends: datetime.time | None = None,
    cancelled: bool = False,
    reason: str = "",
    moved_from: datetime.date | None = None,
) -> Occurrence:
    return Occurrence(
        stop=stop,
        date=day,
        starts_at=local_datetime(day, starts or stop.start_time),
        ends_at=local_datetime(day, ends or stop.end_time),
        cancelled=cancelled,
        reason=reason,
        moved_from=moved_from,
    )


def upcoming(
    stop: Stop, today: datetime.date, *, count: int = 4, horizon_days: int = 400, include_cancelled: bool = True
) -> list[Occurrence]:
    """The next passages of a stop from today, cancelled ones included by default (a page says they are)."""
    found = occurrences(stop, today, today + datetime.timedelta(days=horizon_days), include_cancelled=include_cancelled)
    return found[:count]


def next_passage(stop: Stop, today: datetime.date) -> Occurrence | None:
    """The next passage that takes place (not cancelled)."""
    found = upcoming(stop, today, count=1, include_cancelled=False)
    return found[0] if found else None
