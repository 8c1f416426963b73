"""Opening hours read in French: « du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h 30 ».

A pure module: the hours (OpenStreetMap syntax, evaluated by directory.hours) and a local moment in, French out.
A usual week is read day group by day group; rules that change with the period (months, dates, the sun) are
read for the seven days to come, never shown as code. The status agrees with hours.is_open_at by construction:
both read the same parsed expression at the same local moment.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allervers.directory import hours
from allervers.directory.hours import DAY_MINUTES, Day, Week

DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
ALWAYS = "24 h/24, 7 j/7"
ALL_DAY = "24 h/24"
CLOSED = "fermé"
UNKNOWN = "horaires non précisés"
TO_CONFIRM = "à confirmer"
REST = "les autres jours"
# Days read ahead when the rules change with the period, today included.
UPCOMING_DAYS = 7


@dataclass(frozen=True)
class Reading:
    """What a person reads: the status now, today's hours, then the week (or the days to come)."""

    lines: tuple[str, ...]
    today: str | None = None
    status: str | None = None
    is_open: bool | None = None
    varies: bool = False  # the lines are the days to come: the hours change with the period
    unreadable: bool = False  # not opening_hours syntax: the lines hold the text as it was written

    @property
    def summary(self) -> str:
        return " ; ".join(self.lines)


def clock(minutes: int) -> str:
    """9 h, 8 h 30, minuit (as an end)."""
    if minutes >= DAY_MINUTES:
        return "minuit"
    hour, minute = divmod(minutes, 60)
    return f"{hour} h" if minute == 0 else f"{hour} h {minute:02d}"


def join(items: list[str]) -> str:
    """a ; a et b ; a, b et c."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def day_text(day: Day) -> str:
    """« de 9 h à 12 h et de 14 h à 17 h », « 24 h/24 », « fermé », « sur rendez-vous »."""
    if not day:
        return CLOSED
    if len(day) == 1 and day[0].start == 0 and day[0].end >= DAY_MINUTES:
        span = day[0]
        if span.unknown:
            return span.comment or UNKNOWN
        return f"{ALL_DAY}, {span.comment}" if span.comment else ALL_DAY
    comments = {span.comment for span in day}
    shared = len(comments) == 1 and not any(span.unknown for span in day)
    parts = []
    for span in day:
        part = f"de {clock(span.start)} à {clock(span.end)}"
        notes = [TO_CONFIRM] if span.unknown else []
        if span.comment and not shared:
            notes.append(span.comment)
        parts.append(f"{part} ({', '.join(notes)})" if notes else part)
    text = join(parts)
    return f"{text}, {day[0].comment}" if shared and day[0].comment else text


def runs(indices: list[int]) -> list[list[int]]:
    """Consecutive weekdays together: [0, 1, 2, 4] → [[0, 1, 2], [4]]."""
    found: list[list[int]] = []
    for index in sorted(indices):
        if found and found[-1][-1] == index - 1:
            found[-1].append(index)
        else:
            found.append([index])
    return found


def days_text(indices: list[int]) -> str:
    """« du lundi au vendredi », « lundi et jeudi », « du lundi au mercredi et vendredi », « tous les jours »."""
    if len(indices) == len(DAY_NAMES):
        return "tous les jours"
    parts: list[str] = []
    found = runs(indices)
    if len(found) > 1 and found[0][0] == 0 and found[-1][-1] == len(DAY_NAMES) - 1:
        found = [found[-1] + found[0], *found[1:-1]]  # « du vendredi au lundi »
    for run in found:
        if len(run) >= 3:
            parts.append(f"du {DAY_NAMES[run[0]]} au {DAY_NAMES[run[-1]]}")
        else:
            parts += [DAY_NAMES[index] for index in run]
    return join(parts)


def week_lines(week: Week) -> list[str]:
    """The usual week, one line per group of days with the same hours, closed days last."""
    first = week.days[0]
    if (
        all(day == first for day in week.days)
        and len(first) == 1
        and first[0].start == 0
        and first[0].end >= DAY_MINUTES
    ):
        lines = [ALWAYS if day_text(first) == ALL_DAY else day_text(first)]  # 24/7, or « sur rendez-vous »
    else:
        groups: dict[Day, list[int]] = {}
        for index, day in enumerate(week.days):
            groups.setdefault(day, []).append(index)
        lines = [f"{days_text(indices)}, {day_text(day)}" for day, indices in groups.items() if day]
        closed = groups.get((), [])
        if not lines:
            lines = [CLOSED]
        elif closed:
            lines.append(f"{days_text(closed) if len(runs(closed)) == 1 else REST}, {CLOSED}")
    if week.holidays is not None:
        lines.append("fermé les jours fériés" if not week.holidays else f"les jours fériés, {day_text(week.holidays)}")
    return lines


def date_text(day: datetime.date, today: datetime.date) -> str:
    """aujourd'hui, demain, mardi (this week), le mardi 5 janvier."""
    delta = (day - today).days
    if delta == 0:
        return "aujourd'hui"
    if delta == 1:
        return "demain"
    if 1 < delta < 7:
        return DAY_NAMES[day.weekday()]
    return f"le {DAY_NAMES[day.weekday()]} {day.day}{'er' if day.day == 1 else ''} {MONTH_NAMES[day.month - 1]}"


def moment_text(moment: datetime.datetime, now: datetime.datetime) -> str:
    """« à 14 h », « demain à 9 h », « mardi à 9 h », « à minuit »."""
    if moment.time() == datetime.time() and moment.date() == now.date() + datetime.timedelta(days=1):
        return "à minuit"
    when = date_text(moment.date(), now.date())
    at = f"à {clock(moment.hour * 60 + moment.minute)}"
    return at if when == "aujourd'hui" else f"{when} {at}"


def status_text(status: hours.Status, now: datetime.datetime) -> str | None:
    """« Ouvert, ferme à 17 h 30 », « Fermé, ouvre mardi à 9 h », or None when the hours don't say."""
    if status.state == "open":
        return "Ouvert" if status.until is None else f"Ouvert, ferme {moment_text(status.until, now)}"
    if status.state == "closed":
        return "Fermé" if status.next_opening is None else f"Fermé, ouvre {moment_text(status.next_opening, now)}"
    return None


def read(expression: str, now: datetime.datetime) -> Reading | None:
    """The French reading of the hours at `now` (naive local time); None when there are no hours."""
    expression = expression.strip()
    if not expression:
        return None
    status = hours.status_at(expression, now)
    upcoming = hours.days(expression, now.date(), UPCOMING_DAYS)
    if status is None or upcoming is None:
        return Reading(lines=(expression,), unreadable=True)
    week = hours.usual_week(expression)
    is_open = None if status.state == "unknown" else status.state == "open"
    text = status_text(status, now)
    if week is not None:
        lines = week_lines(week)
        today_text = day_text(upcoming[0])
        same = lines == [ALWAYS] or lines == [today_text]  # nothing to add for today
        holiday = week.holidays is not None and upcoming[0] != week.days[now.weekday()]
        today = None if same else f"Aujourd'hui{', jour férié' if holiday else ''} : {today_text}"
        return Reading(tuple(lines), today, text, is_open)
    later = [
        f"{date_text(now.date() + datetime.timedelta(days=offset), now.date())}, {day_text(day)}"
        for offset, day in enumerate(upcoming[1:], start=1)
    ]
    return Reading(tuple(later), f"Aujourd'hui : {day_text(upcoming[0])}", text, is_open, varies=True)
