"""Turn what a person or a file says about a place ("CCAS :01703 St Maurice de Beynost") into a commune.

Real input carries CEDEX postal codes (absent from postal tables), names of communes merged into a commune
nouvelle, missing accents and hyphens, "St"/"Ste". A text that can't be resolved with certainty raises
`CommuneResolutionError` with the likely candidates: the resolver never guesses silently.
Every call is a handful of indexed queries (PostalCode.code, Commune.code, Commune.search_name).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When

from allervers.common.text import place_key
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune, CommuneQuerySet, Department, PostalCode

# Kinds that are places of today: a delegated or associated commune stands for the commune it belongs to.
CURRENT_KINDS = (CommuneKind.COMMUNE, CommuneKind.MUNICIPAL_DISTRICT)
FORMER_KINDS = (CommuneKind.DELEGATED, CommuneKind.ASSOCIATED)
ARTICLES = ("le", "la", "les", "l")
OVERSEAS = ("971", "972", "973", "974", "976")
FUZZY_CUTOFF = 0.75
MAX_CANDIDATES = 8

_CEDEX = re.compile(r"\bcedex\b(?:\s*\d{1,3}\b)?", re.IGNORECASE)
_CODE = re.compile(r"(?<!\w)(\d{5}|2[ABab]\d{3})(?!\w)")
_TRAILING_PARENTHESIS = re.compile(r"\(([^()]*)\)\s*$")
_TRAILING_DEPARTMENT = re.compile(r"(?:^|\s)(\d{2,3}|2[ABab])\s*$")
_DEPARTMENT_CODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$")
_DISTRICT = re.compile(r"^(paris|lyon|marseille) (\d{1,2}) ?(?:e|er|eme|ere|ieme)?(?: arr(?:ondissement)?)?$")
# First district code and number of districts of the cities divided into arrondissements municipaux.
_DISTRICT_CODES = {"paris": (75101, 20, "75"), "lyon": (69381, 9, "69"), "marseille": (13201, 16, "13")}


@dataclass(frozen=True)
class Resolution:
    """`commune` is the commune of today (or the Paris/Lyon/Marseille district given); `matched` is the row
    whose name or code matched, possibly a delegated commune; `note` explains in French any indirection."""

    commune: Commune
    matched: Commune
    note: str = ""


class CommuneResolutionError(Exception):
    """`by_insee_code`: the candidates that match a typed code as an INSEE code, not as a postal code (01100 is
    Oyonnax's postal code and Cheignieu-la-Balme's INSEE code): a list shows them as such."""

    def __init__(self, message: str, candidates: Sequence[Commune] = (), by_insee_code: Sequence[Commune] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = list(candidates)
        self.by_insee_code = list(by_insee_code)


@dataclass(frozen=True)
class _Query:
    code: str  # a postal or INSEE code found in the text, or ""
    name: str  # the place name as typed, cleaned of codes, CEDEX and department hint
    key: str  # place_key(name)
    departments: tuple[str, ...]  # department hint, "(93)" or "93"
    full_key: str  # place_key of the name with its hint: "Paris 11" is a district, not Paris in the Aude


# --- entry points --------------------------------------------------------------------------------------


def resolve_commune(text: str) -> Resolution:
    query = _parse(text)
    if not query.code and not query.key:
        raise CommuneResolutionError("Indiquez le nom de la commune ou son code postal.")
    if not query.key:
        return _by_code_alone(query.code)
    district = _district(query.full_key)
    if district is not None:
        return district
    if query.code:
        return _by_code_and_name(query)
    return _by_name(query, query.departments)


def suggest_communes(query: str, limit: int = 10) -> list[Commune]:
    """Autocomplete: by postal-code prefix when digits are typed, else by name prefix (then word prefix);
    the deployment's department first (« bourg » gives Bourg-en-Bresse before Bourges in the Ain), then
    communes of today before former ones, the most populated first."""
    text = query.strip()
    compact = text.replace(" ", "")
    if compact.isdigit():
        if len(compact) > 5:
            return []
        codes = PostalCode.objects.filter(code__gte=compact, code__lt=_successor(compact))
        return list(_ranked(Commune.objects.filter(id__in=codes.values("commune_id")))[:limit])
    key = place_key(text)
    if not key:
        return []
    # The range makes a B-tree index scan on SQLite and PostgreSQL; startswith keeps it exact whatever the
    # collation.
    prefixed = Commune.objects.filter(
        search_name__gte=key, search_name__lt=_successor(key), search_name__startswith=key
    )
    results = list(_ranked(prefixed)[:limit])
    if len(results) < limit and len(key) >= 3:
        later_word = Commune.objects.filter(search_name__contains=f" {key}").exclude(id__in=[c.id for c in results])
        results += _ranked(later_word)[: limit - len(results)]
    return results


# --- parsing -------------------------------------------------------------------------------------------


def _parse(text: str) -> _Query:
    if ":" in text and text.rsplit(":", 1)[1].strip():
        text = text.rsplit(":", 1)[1]  # "CCAS : 01000 Bourg-en-Bresse" names a service, then the place
    text = _CEDEX.sub(" ", text)
    code = ""
    match = _CODE.search(text)
    if match:
        code = match.group(1).upper()
        segments = [segment for segment in text.split(",") if code.lower() in segment.lower()]
        text = _CODE.sub(" ", segments[0] if segments else text, count=1)
    text = text.strip(" ,;-–\t")
    name, departments = _department_hint(text)
    return _Query(code=code, name=name, key=place_key(name), departments=departments, full_key=place_key(text))


def _department_hint(name: str) -> tuple[str, tuple[str, ...]]:
    """Split "Saint-Denis (93)", "Saint-Denis 93" or "Havre (Le)" into a name and a department hint."""
    match = _TRAILING_PARENTHESIS.search(name)
    if match:
        inside = match.group(1).strip()
        rest = name[: match.start()].strip()
        if place_key(inside) in ARTICLES:
            return f"{inside} {rest}", ()
        if _DEPARTMENT_CODE.match(inside.upper()):
            return rest, (inside.upper(),)
        department = _department_named(inside)
        if department:
            return rest, (department,)
        return rest, ()
    match = _TRAILING_DEPARTMENT.search(name)
    if match and match.start() > 0 and _DEPARTMENT_CODE.match(match.group(1).upper()):
        return name[: match.start()].strip(), (match.group(1).upper(),)
    return name, ()


def _department_named(text: str) -> str:
    key = place_key(text)
    for code, name in Department.objects.values_list("code", "name"):
        if place_key(name) == key:
            return code
    return ""


def _departments_of_postal_code(code: str) -> tuple[str, ...]:
    """Where a postal code (CEDEX included) lies: its first two digits, 2A or 2B in Corsica, and overseas its
    first three digits, or any overseas department for CEDEX series such as La Réunion's 977xx."""
    if code.startswith("20"):
        return ("2A", "2B")
    if code.startswith("97"):
        return (code[:3],) if code[:3] in OVERSEAS else OVERSEAS
    return (code[:2],)


def _successor(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


# --- resolving -----------------------------------------------------------------------------------------


def _home_department() -> str:
    return str(settings.ALLERVERS_DEPARTMENT_CODE)


def _ranked(queryset: CommuneQuerySet) -> CommuneQuerySet:
    former = Case(When(kind__in=FORMER_KINDS, then=Value(1)), default=Value(0), output_field=IntegerField())
    home = _home_department()
    elsewhere = Case(
        When(Q(department_id=home) | Q(parent__department_id=home), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.select_related("parent", "department").order_by(
        elsewhere, former, "-population", "search_name", "code"
    )


def _target(row: Commune) -> Commune:
    return row if row.kind in CURRENT_KINDS or row.parent is None else row.parent


def _resolution(row: Commune, *notes: str) -> Resolution:
    target = _target(row)
    texts = [f"{row.name} est une {row.get_kind_display()} de {target.name} ({target.code})."] if target != row else []
    texts += [note for note in notes if note]
    return Resolution(commune=target, matched=row, note=" ".join(texts))


def _distinct_by_target(rows: Iterable[Commune]) -> list[Commune]:
    """One row per commune of today, the row of today itself when it matched, else the former commune."""
    chosen: dict[int, Commune] = {}
    for row in sorted(rows, key=lambda row: (row.kind not in CURRENT_KINDS, -row.population, row.code)):
        chosen.setdefault(_target(row).pk, row)
    return list(chosen.values())


def _single(rows: Iterable[Commune], *notes: str) -> Resolution | None:
    distinct = _distinct_by_target(rows)
    return _resolution(distinct[0], *notes) if len(distinct) == 1 else None


def _district(key: str) -> Resolution | None:
    """ "Paris 11e", "Lyon 3eme arrondissement", "Marseille 1er" name a district; "Marseille 13" the city."""
    match = _DISTRICT.match(key)
    if not match:
        return None
    first, count, department = _DISTRICT_CODES[match.group(1)]
    number = int(match.group(2))
    if not 1 <= number <= count or match.group(2) == department:
        return None
    row = Commune.objects.searchable().filter(code=str(first + number - 1), kind=CommuneKind.MUNICIPAL_DISTRICT).first()
    return Resolution(commune=row, matched=row) if row else None


def _by_code_alone(code: str) -> Resolution:
    """Five digits are first a postal code: « 01100 » lists Oyonnax and its neighbours, and Cheignieu-la-Balme,
    whose INSEE code it is, only after them and as such."""
    postal = _distinct_by_target(_ranked(Commune.objects.filter(postal_code_rows__code=code)))
    targets = {_target(row).pk for row in postal}
    by_insee = [row for row in _ranked(Commune.objects.filter(code=code)) if _target(row).pk not in targets]
    if len(postal) == 1:
        names = ", ".join(f"{row.name} ({row.department_code})" for row in by_insee)
        also = f"{code} est aussi le code INSEE de {names} : pour cette commune, tapez son nom." if names else ""
        return _resolution(postal[0], also)
    if postal:
        raise CommuneResolutionError(
            f"Le code postal {code} couvre plusieurs communes : précisez le nom de la commune.",
            postal + _distinct_by_target(by_insee),
            by_insee_code=_distinct_by_target(by_insee),
        )
    if by_insee:
        resolution = _single(by_insee)
        if resolution:
            return resolution
        raise CommuneResolutionError(
            f"Le code {code} désigne plusieurs communes : précisez le nom.", _distinct_by_target(by_insee)
        )
    raise CommuneResolutionError(
        f"Le code {code} n'est ni un code postal ni un code INSEE connu (c'est peut-être un code CEDEX) : "
        "indiquez aussi le nom de la commune."
    )


def _by_code_and_name(query: _Query) -> Resolution:
    postal = list(Commune.objects.searchable().filter(postal_code_rows__code=query.code))
    resolution = (
        _single(row for row in postal if row.search_name == query.key)
        # "75011 Paris": the postal code says which district.
        or _single(row for row in postal if row.parent is not None and row.parent.search_name == query.key)
        # "01110 Hauteville-Lompnes": a former commune of a commune that has this postal code.
        or _single(Commune.objects.searchable().filter(parent__in=[row.pk for row in postal], search_name=query.key))
        # "01185 Plateau d'Hauteville": an INSEE code instead of a postal code.
        or _single(Commune.objects.searchable().filter(code=query.code, search_name=query.key))
    )
    if resolution:
        return resolution
    # A CEDEX code (absent from postal tables) or a postal code that doesn't fit the name: trust the name
    # within the department the code points to.
    departments = _departments_of_postal_code(query.code)
    note = ""
    if postal:
        note = f"Le code postal {query.code} ne correspond pas à cette commune : elle a été retenue d'après son nom."
    return _by_name(query, departments, note)


def _by_name(query: _Query, departments: tuple[str, ...], note: str = "") -> Resolution:
    rows = _rows_named([query.key], departments)
    if not rows:
        rows = _rows_named([f"{article} {query.key}" for article in ARTICLES], departments)
    distinct = _sorted_candidates(_distinct_by_target(rows))
    if len(distinct) == 1:
        return _resolution(distinct[0], note)
    if distinct:
        example = f"{query.name} ({distinct[0].department_code})"
        raise CommuneResolutionError(
            f"Plusieurs communes s'appellent « {query.name} » : précisez le code postal ou le département, "
            f"par exemple « {example} ».",
            distinct,
        )
    raise _not_found(query, departments)


def _rows_named(keys: list[str], departments: tuple[str, ...]) -> list[Commune]:
    rows = Commune.objects.searchable().filter(search_name__in=keys)
    if departments:
        rows = rows.filter(department_id__in=departments)
    return list(rows)


def _not_found(query: _Query, departments: tuple[str, ...]) -> CommuneResolutionError:
    where = f" dans le département {' ou '.join(departments)}" if departments else ""
    candidates = _close_names(query.key, departments)
    advice = "choisissez parmi les communes proposées" if candidates else "indiquez le code postal"
    return CommuneResolutionError(
        f"Aucune commune ne s'appelle « {query.name} »{where}. Vérifiez l'orthographe ou {advice}.",
        candidates,
    )


def _close_names(key: str, departments: tuple[str, ...]) -> list[Commune]:
    """Communes named close to `key`: among the department's, or those sharing its first two letters."""
    pool = Commune.objects.all()
    if departments:
        pool = pool.filter(department_id__in=departments)
    else:
        prefix = key[:2]
        pool = pool.filter(search_name__gte=prefix, search_name__lt=_successor(prefix))
    names = set(pool.values_list("search_name", flat=True))
    close = difflib.get_close_matches(key, names, n=MAX_CANDIDATES, cutoff=FUZZY_CUTOFF)
    rows = _sorted_candidates(_distinct_by_target(_rows_named(close, departments)))
    # Closest spelling first, then the order of _sorted_candidates.
    return sorted(rows, key=lambda row: close.index(row.search_name))[:MAX_CANDIDATES]


def _sorted_candidates(rows: list[Commune]) -> list[Commune]:
    """The deployment's department first, then communes of today, the most populated first."""
    home = _home_department()
    return sorted(
        rows,
        key=lambda row: (
            row.department_code != home,
            row.kind not in CURRENT_KINDS,
            -row.population,
            row.department_code,
        ),
    )
