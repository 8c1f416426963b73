"""OpenStreetMap opening_hours, evaluated by a real parser (opening-hours-py).

Everything here reads local wall-clock time (the deployment's TIME_ZONE, Europe/Paris by default): an aware
moment is converted first, a naive one is taken as local. Public holidays ("PH off") are France's.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from django.utils import timezone
from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]  # missing from its stub

# The calendar of public holidays the library applies to "PH" rules: the platform serves French departments.
COUNTRY = "FR"
DAY_MINUTES = 24 * 60
# Any Monday: a rule made of weekdays and times reads the same in every week.
REFERENCE_MONDAY = datetime.datetime(2024, 1, 1)
# How far ahead a closed place's next opening is looked for.
LOOKAHEAD = datetime.timedelta(days=366)

_WEEKDAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_TIMES = r"\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)*"
_MODIFIER = r"(?:open|closed|off|unknown)"
_WEEKDAYS = rf"{_WEEKDAY}(?:-{_WEEKDAY})?(?:,{_WEEKDAY}(?:-{_WEEKDAY})?)*"
_WEEKLY_RULE = re.compile(rf'^(?:24/7|{_WEEKDAYS})?(?: ?{_TIMES})?(?: ?{_MODIFIER})?(?: ?"[^"]*")?$')
_HOLIDAY_RULE = re.compile(rf"^PH(?: (?P<times>{_TIMES}))?(?: (?P<modifier>{_MODIFIER}))?$")
_RULE_SEPARATOR = re.compile(r';(?=(?:[^"]*"[^"]*")*[^"]*$)')  # a ";" outside quotes


@dataclass(frozen=True)
class Span:
    """A stretch of one day, in minutes since midnight (end up to 1440), open unless `unknown`."""

    start: int
    end: int
    unknown: bool = False
    comment: str = ""


Day = tuple[Span, ...]


@dataclass(frozen=True)
class Week:
    """What the rules say of every week, Monday first, and of public holidays (None: no holiday rule)."""

    days: tuple[Day, ...]
    holidays: Day | None = None


@dataclass(frozen=True)
class Status:
    """The state at a moment; `until` ends an open stretch, `next_opening` a closed one (None: not found)."""

    state: Literal["open", "closed", "unknown"]
    comment: str = ""
    until: datetime.datetime | None = None
    next_opening: datetime.datetime | None = None


@lru_cache(maxsize=4096)
def _parse(expression: str, country: str | None = COUNTRY) -> OpeningHours | None:
    try:
        return OpeningHours(expression, country=country)
    except (ParserError, ValueError):
        return None


def parse(expression: str) -> OpeningHours | None:
    """The expression as the library reads it, or None when it is not opening_hours syntax."""
    expression = expression.strip()
    return _parse(expression) if expression else None


def local(moment: datetime.datetime) -> datetime.datetime:
    """Naive local wall-clock time, what the rules speak of."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def is_open_at(expression: str, moment: datetime.datetime) -> bool | None:
    """True/False when the hours say so; None when unknown (no hours, or hours we cannot read)."""
    parsed = parse(expression)
    if parsed is None:
        return None
    moment = local(moment)
    if parsed.is_unknown(moment):
        return None
    return bool(parsed.is_open(moment))


def status_at(expression: str, moment: datetime.datetime) -> Status | None:
    """The state at a moment, when it ends if open, when it next opens if closed. Agrees with is_open_at."""
    parsed = parse(expression)
    if parsed is None:
        return None
    moment = local(moment)
    state, comment = parsed.state(moment)
    if state == State.UNKNOWN:
        return Status("unknown", comment)
    if state == State.OPEN:
        until = next(
            (start for start, _end, s, _c in parsed.intervals(moment, moment + LOOKAHEAD) if s != State.OPEN), None
        )
        return Status("open", comment, until=until)
    next_opening = None
    for start, _end, s, _c in parsed.intervals(moment, moment + LOOKAHEAD):
        if s == State.OPEN:
            next_opening = start
            break
        if s == State.UNKNOWN:  # it may open then: say nothing rather than a wrong time
            break
    return Status("closed", comment, next_opening=next_opening)


def days(expression: str, first: datetime.date, count: int) -> list[Day] | None:
    """What the hours give on `count` days from `first`, public holidays included."""
    parsed = parse(expression)
    if parsed is None:
        return None
    start = datetime.datetime.combine(first, datetime.time())
    return _split_days(parsed, start, count)


@lru_cache(maxsize=4096)
def usual_week(expression: str) -> Week | None:
    """The week the rules repeat, when they are weekdays and times only (plus a final public-holiday rule).

    None when the rules also depend on months, dates, week numbers, the sun…: their reading is per date.
    """
    parsed = parse(expression)
    if parsed is None:
        return None
    rules = [rule.strip() for rule in _RULE_SEPARATOR.split(str(parsed.normalize()))]
    holidays: Day | None = None
    if rules and rules[-1].startswith("PH"):
        holidays = _holiday_day(rules.pop())
        if holidays is None:
            return None
    if not all(rule and _WEEKLY_RULE.match(rule) for rule in rules):
        return None
    plain = _parse(expression.strip(), None)  # without a holiday calendar "PH" never applies: the usual week
    assert plain is not None
    return Week(tuple(_split_days(plain, REFERENCE_MONDAY, 7)), holidays)


def same_hours(first: str, second: str) -> bool:
    """Whether two expressions say the same: the same usual week, or the same rules once normalised."""
    a, b = parse(first), parse(second)
    if a is None or b is None:
        return first.strip() == second.strip()
    week_a, week_b = usual_week(first.strip()), usual_week(second.strip())
    if week_a is not None and week_b is not None:
        return week_a == week_b
    return str(a.normalize()) == str(b.normalize())


def _holiday_day(rule: str) -> Day | None:
    match = _HOLIDAY_RULE.match(rule)
    if match is None:
        return None
    modifier = match.group("modifier") or "open"
    if modifier in {"off", "closed"}:
        return () if match.group("times") is None else None
    unknown = modifier == "unknown"
    if match.group("times") is None:
        return (Span(0, DAY_MINUTES, unknown),)
    spans = []
    for span in match.group("times").split(","):
        opens, closes = (_minutes(value) for value in span.split("-"))
        if not opens < closes <= DAY_MINUTES:
            return None
        spans.append(Span(opens, closes, unknown))
    return tuple(spans)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _split_days(parsed: OpeningHours, start: datetime.datetime, count: int) -> list[Day]:
    """The open and unknown stretches of each day, cut at midnight."""
    found: list[list[Span]] = [[] for _ in range(count)]
    end = start + datetime.timedelta(days=count)
    for opens, closes, state, comment in parsed.intervals(start, end):
        if state == State.CLOSED:
            continue
        opens, closes = max(opens, start), min(closes, end)
        while opens < closes:
            index = (opens - start).days
            midnight = start + datetime.timedelta(days=index + 1)
            piece_end = min(closes, midnight)
            first = opens - (start + datetime.timedelta(days=index))
            last = piece_end - (start + datetime.timedelta(days=index))
            span = Span(
                first.seconds // 60, last.days * DAY_MINUTES + last.seconds // 60, state == State.UNKNOWN, comment
            )
            day = found[index]
            if day and day[-1].end == span.start and day[-1].unknown == span.unknown and day[-1].comment == comment:
                day[-1] = Span(day[-1].start, span.end, span.unknown, comment)
            else:
                day.append(span)
            opens = piece_end
    return [tuple(day) for day in found]
