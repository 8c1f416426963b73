"""A stop's schedule read in French: « le 2e mardi du mois, 9 h–12 h », « mardi 8 décembre, 9 h–12 h ».

Read from the stored RFC 5545 rule, never shown as code: a rule this module cannot put in words (BYSETPOS,
BYWEEKNO…) reads « selon un calendrier régulier » and the page lists its dates.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from allervers.directory.hours_text import DAY_NAMES, MONTH_NAMES, join
from allervers.network.recurrence import normalise_rrule

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_READABLE = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST", "COUNT"}
_EVERY = {2: "deux", 3: "trois", 4: "quatre", 6: "six"}
UNREADABLE = "selon un calendrier régulier"


def rule_parts(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for part in normalise_rrule(text).split(";"):
        key, _, value = part.partition("=")
        if key:
            parts[key] = value
    return parts


def clock(value: datetime.time) -> str:
    return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"


def time_range(start: datetime.time, end: datetime.time) -> str:
    return f"{clock(start)}–{clock(end)}"


def ordinal(number: int) -> str:
    if number == -1:
        return "dernier"
    if number == 1:
        return "1er"
    return f"{number}e"


def day_of_month(day: datetime.date) -> str:
    """mardi 8 décembre, mardi 1er décembre (the year when it is not the current one)."""
    text = f"{DAY_NAMES[day.weekday()]} {day.day}{'er' if day.day == 1 else ''} {MONTH_NAMES[day.month - 1]}"
    return text if day.year == timezone.localdate().year else f"{text} {day.year}"


def _weekdays(byday: str) -> list[tuple[int | None, str]]:
    found: list[tuple[int | None, str]] = []
    for item in byday.split(","):
        code, prefix = item[-2:], item[:-2]
        if code not in ICAL_DAYS:
            raise ValueError(item)
        found.append((int(prefix) if prefix else None, DAY_NAMES[ICAL_DAYS.index(code)]))
    return found


def _weekly(interval: int, days: list[tuple[int | None, str]]) -> str:
    names = join([name for _, name in days])
    if interval == 1:
        return f"chaque {names}"
    if interval == 2:
        return f"un {names} sur deux"
    return f"un {names} toutes les {interval} semaines"


def _monthly(interval: int, parts: dict[str, str]) -> str:
    if "BYDAY" in parts:
        days = _weekdays(parts["BYDAY"])
        if any(number is None for number, _ in days):
            return ""
        names = {name for _, name in days}
        if len(names) == 1:
            ranks = [ordinal(number) for number, _ in days if number is not None]
            plural = "s" if len(ranks) > 1 else ""
            article = "les" if plural else "le"
            text = f"{article} {join(ranks)} {days[0][1]}{plural} du mois"
        else:
            text = join([f"le {ordinal(number)} {name}" for number, name in days if number is not None]) + " du mois"
    elif "BYMONTHDAY" in parts:
        numbers = [int(value) for value in parts["BYMONTHDAY"].split(",")]
        text = (
            "le " + join(["dernier jour" if n == -1 else ("1er" if n == 1 else str(n)) for n in numbers]) + " du mois"
        )
    else:
        return ""
    if interval > 1:
        text += f", tous les {_EVERY.get(interval, str(interval))} mois"
    return text


def describe_rule(text: str, dtstart: datetime.date | None = None) -> str:
    """The rule in French, without the hours: « le 2e mardi du mois », « chaque lundi et jeudi »."""
    parts = rule_parts(text)
    if not parts or set(parts) - _READABLE or "BYMONTH" in parts:
        return UNREADABLE
    interval = int(parts.get("INTERVAL", "1") or "1")
    freq = parts.get("FREQ")
    try:
        if freq == "DAILY" and set(parts) <= {"FREQ", "INTERVAL", "WKST"}:
            return "chaque jour" if interval == 1 else f"tous les {interval} jours"
        if freq == "WEEKLY":
            if "BYDAY" in parts:
                days = _weekdays(parts["BYDAY"])
            elif dtstart is not None:
                days = [(None, DAY_NAMES[dtstart.weekday()])]
            else:
                return UNREADABLE
            return _weekly(interval, days) if all(number is None for number, _ in days) else UNREADABLE
        if freq == "MONTHLY":
            if not ({"BYDAY", "BYMONTHDAY"} & set(parts)) and dtstart is not None:
                parts["BYMONTHDAY"] = str(dtstart.day)
            return _monthly(interval, parts) or UNREADABLE
    except ValueError:
        return UNREADABLE
    return UNREADABLE


def describe_stop(rule: str, dtstart: datetime.date, start: datetime.time, end: datetime.time) -> str:
    """« le 2e mardi du mois, 9 h–12 h »; a one-off stop: « mardi 8 décembre, 9 h–12 h »."""
    when = describe_rule(rule, dtstart) if rule else day_of_month(dtstart)
    return f"{when}, {time_range(start, end)}"
