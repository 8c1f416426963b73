"""Opening hours as people write them, turned into OpenStreetMap syntax (the storage format).

« lundi-vendredi 9h-12h, 14h-17h », « du lundi au vendredi de 9 h à 12 h », « lun, mar, jeu 8h30-12h »,
« 24h/24 », « 7j/7 24h/24 », « sur rendez-vous », « fermé les jours fériés », and everything hours_text writes.
OSM syntax typed directly is kept as typed. A later rule for a day replaces an earlier one, as in OSM:
« du lundi au vendredi 9 h-17 h ; mercredi 9 h-12 h ». What cannot be read raises HoursInputError, whose
message (French) quotes what was not understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from allervers.directory import hours
from allervers.directory.hours import DAY_MINUTES
from allervers.directory.hours_text import runs, week_lines

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
APPOINTMENT = "sur rendez-vous"
EXAMPLES = (
    "« du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h », « samedi 9h-12h », « 24h/24 », « sur rendez-vous »"
)
_FOLD = str.maketrans("éèêëàâäîïôöûùüçœ’‘–—\u00a0", "eeeeaaaiioouuuco''-- ")
_DAY_WORDS = {
    0: ("lundi", "lun", "lu", "mo"),
    1: ("mardi", "mar", "ma", "tu"),
    2: ("mercredi", "mer", "me", "we"),
    3: ("jeudi", "jeu", "je", "th"),
    4: ("vendredi", "ven", "ve", "fr"),
    5: ("samedi", "sam", "sa"),
    6: ("dimanche", "dim", "di", "su"),
}
_DAY_OF = {word: day for day, words in _DAY_WORDS.items() for word in words}
_TOKENS = [
    ("always", r"24\s*h?\s*(?:/|sur)\s*24(?:\s*h\b)?|jour\s+et\s+nuit"),
    ("everyday", r"7\s*j(?:ours?)?\s*(?:/|sur)\s*7|7\s*/\s*7|tous\s+les\s+jours|toute\s+la\s+semaine|chaque\s+jour"),
    ("workweek", r"en\s+semaine|jours\s+ouvres"),
    ("weekend", r"(?:le\s+|les\s+)?week-?\s?ends?"),
    ("holiday", r"(?:les\s+|le\s+)?(?:jours?\s+)?ferie?s?\b|\bjf\b|\bph\b"),
    ("rest", r"(?:les\s+)?autres\s+jours|(?:le\s+)?reste\s+de\s+la\s+semaine"),
    ("unknown", r"(?:horaires?\s+)?non\s+precisee?s?|a\s+confirmer|\binconnue?s?\b"),
    ("appointment", r"(?:uniquement\s+|seulement\s+)?(?:sur\s+)?(?:rendez[-\s]?vous|\brdv\b)"),
    ("closed", r"\bfermee?s?\b|\bclosed\b|\boff\b"),
    ("except", r"\bsauf\b|\bhors\b"),
    ("time", r"(?P<h>\d{1,2})\s*(?:heures?|h|:)(?:\s*(?P<m>\d{2})(?!\s*(?:h|:|\d)))?|\bmidi\b|\bminuit\b"),
    ("number", r"(?<!\d)\d{1,2}(?!\d)"),
    ("day", r"\b(?:" + "|".join(sorted(_DAY_OF, key=len, reverse=True)) + r")s?\b\.?"),
    ("range", r"-|\ba\b|\bau\b|jusqu'?\s*(?:a|au)\b"),
    ("list", r",|\bet\b|&|\+|/"),
    ("separator", r";|\n|\.(?!\d)|\|"),
    ("filler", r"\b(?:le|les|la|de|du|des|puis|ouvert|ouverte|ouverts|ouvertes|horaires?|accueil)\b|\b[ld]'|:|\(|\)"),
    ("word", r"[^\s,;]+"),
]
_TOKEN_RE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TOKENS))
_MIDNIGHT = -1
# What « sauf » reaches: « sauf le mercredi et le vendredi », « sauf jours fériés ».
_KEEP_EXCEPTING = {"day", "list", "filler", "except", "holiday", "weekend"}


class HoursInputError(ValueError):
    """Hours that cannot be read; the message, in French, says what was not understood."""


@dataclass
class _Rule:
    days: list[int] = field(default_factory=list)
    holiday: bool = False
    rest: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)
    closed: bool = False
    unknown: bool = False
    comment: str = ""
    begin: int | None = None  # where the rule's words start and end in the text, to quote them
    end: int = 0

    @property
    def selected(self) -> bool:
        return bool(self.days) or self.holiday or self.rest

    @property
    def said(self) -> bool:
        return bool(self.spans) or self.closed or self.unknown or bool(self.comment)

    @property
    def empty(self) -> bool:
        return not self.selected and not self.said


def to_osm(text: str) -> str:
    """OSM opening_hours for hours written in French (or already in OSM syntax); "" for nothing."""
    text = "\n".join(line for line in (" ".join(line.split()) for line in text.splitlines()) if line)
    if not text:
        return ""
    parsed = hours.parse(text)
    if parsed is not None:
        # A bare OSM comment ("sur rendez-vous") means open at any time: it says when to ask, not when open.
        return f"unknown {text}" if text.startswith('"') and str(parsed).startswith('24/7 "') else text
    osm = _Reader(text).osm()
    if hours.parse(osm) is None:  # a guard: the reader only writes what the library reads
        raise HoursInputError(f"Ces horaires ne sont pas compris. Écrivez par exemple {EXAMPLES}.")
    return osm


def to_french(expression: str) -> str:
    """The hours as a person would type them back: the French reading of a usual week when it reads back to
    the same hours, else the expression as stored (rules that change with the period)."""
    week = hours.usual_week(expression.strip()) if expression.strip() else None
    if week is None:
        return expression
    text = " ; ".join(week_lines(week))
    try:
        same = hours.same_hours(to_osm(text), expression)
    except HoursInputError:
        same = False
    return text if same else expression


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.rules: list[_Rule] = [_Rule()]
        self.not_understood: list[str] = []
        self.start: int | None = None  # an opening time waiting for its end
        self.start_text = ""
        self.range_from: int | None = None  # a day waiting for the end of its range ("lundi -")
        self.last_day: int | None = None
        self.excepting = False
        self.holidays_closed = False  # « sauf jours fériés »
        self.previous = ""
        self.position = 0

    @property
    def rule(self) -> _Rule:
        return self.rules[-1]

    def osm(self) -> str:
        folded = self.text.lower().translate(_FOLD)
        for match in _TOKEN_RE.finditer(folded):
            kind = match.lastgroup or "word"
            original = self.text[match.start() : match.end()]
            if kind not in _KEEP_EXCEPTING:
                self.excepting = False
            self.position = match.end()
            getattr(self, f"_{kind}")(match, original)
            if kind not in {"separator", "list", "filler", "word"}:
                rule = self.rule
                rule.begin = match.start() if rule.begin is None else rule.begin
                rule.end = match.end()
            if kind not in {"list", "filler"}:
                self.previous = kind
        if self.not_understood:
            words = ", ".join(f"« {word} »" for word in dict.fromkeys(self.not_understood))
            raise HoursInputError(
                f"Dans « {self.text} », ces mots ne sont pas compris : {words}. Écrivez par exemple {EXAMPLES}, "
                "ou au format OpenStreetMap (« Mo-Fr 09:00-12:00 »)."
            )
        self._end_rule()
        if self.holidays_closed:
            self.rules.append(_Rule(holiday=True, closed=True))
        return _write([rule for rule in self.rules if not rule.empty])

    # Selectors: days, holidays, "the other days" ------------------------------------------------------------
    def _select(self, days: list[int], *, holiday: bool = False, rest: bool = False) -> None:
        self._check_no_pending_time()
        if self.excepting:
            if holiday:
                self.holidays_closed = True
                return
            if not self.rule.days:
                raise HoursInputError(f"« sauf » : écrivez d'abord les jours d'ouverture, dans « {self.text} ».")
            self.rule.days = [day for day in self.rule.days if day not in days]
            return
        if self.rule.selected and self.rule.said:
            self._new_rule()
        if self.range_from is not None and len(days) == 1:
            days, self.range_from = _day_range(self.range_from, days[0]), None
        self.rule.days += [day for day in days if day not in self.rule.days]
        self.rule.holiday |= holiday
        self.rule.rest |= rest

    def _day(self, match: re.Match[str], original: str) -> None:
        word = match.group().rstrip(".")
        day = _DAY_OF[word if word in _DAY_OF else word[:-1]]  # « lundis »
        self._select([day])
        self.last_day = day

    def _everyday(self, match: re.Match[str], original: str) -> None:
        self._select(list(range(7)))

    def _workweek(self, match: re.Match[str], original: str) -> None:
        self._select(list(range(5)))

    def _weekend(self, match: re.Match[str], original: str) -> None:
        self._select([5, 6])

    def _holiday(self, match: re.Match[str], original: str) -> None:
        self._select([], holiday=True)

    def _rest(self, match: re.Match[str], original: str) -> None:
        self._select([], rest=True)

    def _range(self, match: re.Match[str], original: str) -> None:
        if self.previous == "day" and self.last_day is not None and self.start is None:
            self.range_from = self.last_day
            self.rule.days = [day for day in self.rule.days if day != self.last_day]
        elif self.previous in {"time", "number"} and self.start is not None:
            pass  # the end of the time range follows
        else:
            raise HoursInputError(f"« {original.strip()} » est mal placé dans « {self.text} ».")

    # What the selected days get: times, closed, unknown, by appointment -------------------------------------
    def _time(self, match: re.Match[str], original: str) -> None:
        self._at(_clock(match, original), original)

    def _number(self, match: re.Match[str], original: str) -> None:
        self._at(_clock(match, original), original)

    def _at(self, minutes: int, original: str) -> None:
        if self.range_from is not None:
            raise HoursInputError(f"Il manque le dernier jour après « {_DAY_WORDS[self.range_from][0]} - ».")
        if self.rule.closed and not self.rule.spans:
            raise HoursInputError(
                f"« {self._quote(self.position)} » : pour une pause dans la journée, écrivez plutôt les heures "
                "d'ouverture, par exemple « 9 h-12 h, 14 h-17 h »."
            )
        if self.start is None:
            if self.rule.selected and (self.rule.closed or self.rule.unknown):
                self._new_rule()
            self.start, self.start_text = (0 if minutes == _MIDNIGHT else minutes), original.strip()
            return
        end = DAY_MINUTES if minutes in {_MIDNIGHT, 0} else minutes
        if end == self.start:
            raise HoursInputError(f"« {self.start_text} - {original.strip()} » : l'heure de fin est l'heure de début.")
        self.rule.spans.append((self.start, end))
        self.start = None

    def _always(self, match: re.Match[str], original: str) -> None:
        self._check_no_pending_time()
        self.rule.spans.append((0, DAY_MINUTES))

    def _closed(self, match: re.Match[str], original: str) -> None:
        self._check_no_pending_time()
        if self.rule.spans or self.rule.comment:
            self._new_rule()
        self.rule.closed = True

    def _unknown(self, match: re.Match[str], original: str) -> None:
        self._check_no_pending_time()
        if self.rule.closed:
            self._new_rule()
        self.rule.unknown = True

    def _appointment(self, match: re.Match[str], original: str) -> None:
        self._check_no_pending_time()
        if self.rule.comment or self.rule.closed:
            self._new_rule()
        self.rule.comment = APPOINTMENT

    def _except(self, match: re.Match[str], original: str) -> None:
        self.excepting = True

    # Punctuation, fillers, words ----------------------------------------------------------------------------
    def _list(self, match: re.Match[str], original: str) -> None:
        pass

    def _separator(self, match: re.Match[str], original: str) -> None:
        self._end_rule()
        self.rules.append(_Rule())

    def _filler(self, match: re.Match[str], original: str) -> None:
        pass

    def _word(self, match: re.Match[str], original: str) -> None:
        self.not_understood.append(original)

    # Rules --------------------------------------------------------------------------------------------------
    def _check_no_pending_time(self) -> None:
        if self.start is not None:
            raise HoursInputError(f"Il manque l'heure de fin après « {self.start_text} » dans « {self.text} ».")

    def _quote(self, end: int) -> str:
        begin = self.rule.begin
        return self.text[begin:end].strip(" ,;") if begin is not None else self.text

    def _new_rule(self) -> None:
        self._end_rule()
        self.rules.append(_Rule())

    def _end_rule(self) -> None:
        self._check_no_pending_time()
        if self.range_from is not None:
            raise HoursInputError(f"Il manque le dernier jour après « {_DAY_WORDS[self.range_from][0]} - ».")
        rule, said = self.rule, self._quote(self.rule.end)
        if rule.empty:
            return
        if not rule.said:
            raise HoursInputError(
                f"« {said} » : précisez les heures (par exemple « {said} 9 h-12 h » ou « {said} fermé »)."
            )
        if not rule.selected:
            if rule.spans and rule.spans != [(0, DAY_MINUTES)]:
                raise HoursInputError(f"« {said} » : précisez les jours (par exemple « du lundi au vendredi {said} »).")
            rule.rest = True  # « fermé », « sur rendez-vous », « 24h/24 » alone: the days not named before


def _clock(match: re.Match[str], original: str) -> int:
    word = match.group()
    if "midi" in word and "minuit" not in word:
        return 12 * 60
    if "minuit" in word:
        return _MIDNIGHT
    digits = re.findall(r"\d+", word)
    hour, minute = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise HoursInputError(f"« {original.strip()} » n'est pas une heure.")
    return _MIDNIGHT if hour == 24 else hour * 60 + minute


def _day_range(first: int, last: int) -> list[int]:
    """From one weekday to another, through Sunday if need be (« du vendredi au lundi »)."""
    return [(first + offset) % 7 for offset in range((last - first) % 7 + 1)]


def _write(rules: list[_Rule]) -> str:
    """OSM rules in order (a later one replaces an earlier one for its days); holiday rules last."""
    weekly: list[str] = []
    holidays: list[str] = []
    mentioned: set[int] = set()
    for rule in rules:
        days = [day for day in range(7) if day not in mentioned] if rule.rest else sorted(set(rule.days))
        mentioned.update(days)
        content = _content(rule)
        if len(days) == 7 and not content[:1].isdigit():
            weekly.append(content)  # « off », « unknown "sur rendez-vous" »: every day
        elif days:
            weekly.append(f"{_days(days)} {content}".strip())
        if rule.holiday:
            holidays.append(f"PH {content}".strip())
    if weekly == ["Mo-Su 00:00-24:00"]:
        weekly = ["24/7"]
    return "; ".join(weekly + holidays)


def _content(rule: _Rule) -> str:
    parts = [",".join(f"{_hhmm(start)}-{_hhmm(end)}" for start, end in rule.spans)] if rule.spans else []
    if rule.closed:
        parts.append("off")
    elif rule.unknown or (rule.comment and not rule.spans):
        parts.append("unknown")
    if rule.comment:
        parts.append(f'"{rule.comment}"')
    return " ".join(parts)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(days: list[int]) -> str:
    parts = []
    for run in runs(days):
        parts.append(OSM_DAYS[run[0]] if len(run) == 1 else f"{OSM_DAYS[run[0]]}-{OSM_DAYS[run[-1]]}")
    return ",".join(parts)
