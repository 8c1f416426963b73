"""OpenStreetMap opening_hours as HSDS schedule rows (RFC 5545 style: WEEKLY, BYDAY, opens/closes).

What converts: rules such as "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00", "24/7", and "PH off" (dropped,
public holidays have no HSDS field). Anything else (week numbers, months, "open"/"off" on days, comments, hours
past midnight such as "24:00" or "26:00") gives one row carrying the original expression in its description, so
nothing is silently lost. Times are written as the data package's `time` type reads them: "09:00:00".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_RULE = re.compile(
    rf"^(?P<days>{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*)\s+(?P<times>\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)*)$"
)
_HOLIDAYS_OFF = re.compile(r"^PH\s+(off|closed)$")


@dataclass(frozen=True)
class Slot:
    byday: str  # "MO,TU,WE"
    opens_at: str
    closes_at: str


def convert(expression: str) -> list[Slot] | None:
    """The weekly slots, or None when the expression has parts HSDS can't say."""
    expression = expression.strip()
    if expression == "24/7":
        return [Slot(_ical(DAYS), "00:00:00", "23:59:59")]
    slots = []
    for rule in (part.strip() for part in expression.split(";")):
        if not rule or _HOLIDAYS_OFF.match(rule):
            continue
        match = _RULE.match(rule)
        if match is None:
            return None
        days = _expand(match.group("days"))
        for span in match.group("times").split(","):
            opens, closes = span.split("-")
            if not (_is_time(opens) and _is_time(closes)):
                return None
            slots.append(Slot(_ical(days), f"{opens}:00", f"{closes}:00"))
    return slots or None


def _is_time(text: str) -> bool:
    hours, minutes = text.split(":")
    return int(hours) < 24 and int(minutes) < 60


def _expand(days: str) -> list[str]:
    found: list[str] = []
    for part in days.split(","):
        first, _, last = part.partition("-")
        start, end = DAYS.index(first), DAYS.index(last or first)
        span = DAYS[start : end + 1] if start <= end else DAYS[start:] + DAYS[: end + 1]
        found += [day for day in span if day not in found]
    return found


def _ical(days: list[str]) -> str:
    return ",".join(day.upper() for day in days)
