"""The public search: services whose zone covers a place, on-site ones by distance, then remote ones.

Both kinds of search read the derived tables of search_index: near a commune, one statement ranks the rows of
the commune's covering zone codes, counts them and joins the page's services (one query); without a place, the
total is counted apart from the listing table's indexes, then the page is read in name order (two queries).
Helplines are results like any service (they have search rows too): an urgent theme ranks them first, those
whose main theme is the one chosen before the others, and the page shows them apart above the other results; the
public search without a need ranks the national lines for everyone first the same way (general_lines). A query
that is a phone number is searched as one run of digits (search_index.phone_key). Distances are ordered in SQL
with an equirectangular approximation (arithmetic only, so it runs on SQLite and PostgreSQL alike) and printed
with the haversine formula.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.db import connection
from django.utils import timezone

from allervers.common.geo import EARTH_RADIUS_M, haversine_m, longitude_scale
from allervers.common.text import search_tokens
from allervers.directory import general_lines, hours, search_index
from allervers.directory.borrowed_hours import town_hall_hours
from allervers.directory.enums import TermKind
from allervers.directory.models import Service
from allervers.directory.search_rows import ROWS
from allervers.taxonomy import terms
from allervers.territories.models import FRANCE, REGION_PREFIX, Commune

# The data·inclusion API's own largest page (its clients ask for 5,000 results a page).
MAX_PAGE_SIZE = 10_000
_SERVICE = Service._meta.db_table


@dataclass
class SearchQuery:
    commune: Commune | None = None
    thematiques: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    modes_accueil: list[str] = field(default_factory=list)
    frais: list[str] = field(default_factory=list)
    q: str = ""
    open_now: bool = False
    page: int = 1
    size: int = 20
    # Filters of the data·inclusion API (allervers/api), none of which changes the ranking. Near a commune only:
    # the point distances are measured from instead of the commune's (latitude, longitude), and the radius past
    # which a service met on site only (not also at a distance) is left out. Anywhere: service types, sources,
    # structures whose services are left out (duplicates of better ones), and a test every match must pass,
    # run in Python on the service (read with all its columns) after the ranking, as the open-now test is.
    point: tuple[float, float] | None = None
    on_site_within_m: int | None = None
    service_types: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    excluded_structures: list[int] = field(default_factory=list)
    keep: Callable[[Service], bool] | None = None
    # Set by the public search only, from its text (terms.urgent_thematiques_named, names_distress): the urgent
    # themes it names, ranked by as if chosen, and whether it names a distress at all (« suicide » has no theme).
    named_thematiques: list[str] = field(default_factory=list)
    names_distress: bool = False
    # Set by the public search near a commune without a need (no theme, no text): general lines first.
    general_lines_first: bool = False

    @property
    def is_urgent(self) -> bool:
        return self.names_distress or bool(set(self.thematiques) & terms.urgent_thematiques())

    @property
    def main_thematique(self) -> str | None:
        """The theme an urgent search ranks its lines by: the lines whose main theme it is come first."""
        if set(self.thematiques) & terms.urgent_thematiques():
            return self.thematiques[0]
        return self.named_thematiques[0] if self.names_distress and self.named_thematiques else None


@dataclass
class SearchHit:
    service: Service
    distance_m: int | None
    reasons: list[str]
    is_open: bool | None


@dataclass
class SearchResult:
    query: SearchQuery
    hits: list[SearchHit]
    total: int

    @property
    def leading_lines(self) -> list[SearchHit]:
        """The helplines an urgent search (or one for general lines) ranks first on this page, which the page shows
        apart, above the rest."""
        if self.query.is_urgent:
            leads: Callable[[Service], bool] = attrgetter("is_helpline")
        elif self.query.general_lines_first and self.query.commune is not None:
            leads = general_lines.is_general_line
        else:
            return []
        count = next((index for index, hit in enumerate(self.hits) if not leads(hit.service)), len(self.hits))
        return self.hits[:count]

    @property
    def helplines(self) -> list[Service]:
        return [hit.service for hit in self.leading_lines]

    @property
    def other_hits(self) -> list[SearchHit]:
        """The page's hits after its leading lines: each hit is in one of the two lists, never in both."""
        return self.hits[len(self.leading_lines) :]

    @property
    def other_hits_start(self) -> int:
        """The rank of the first of other_hits among all the results (an ordered list's start)."""
        return (self.query.page - 1) * self.query.size + len(self.leading_lines) + 1

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.size))

    @property
    def has_next(self) -> bool:
        return self.query.page < self.pages


def zone_reason(service: Service, commune: Commune | None) -> str:
    """Why a service matched the place, in the words of the person searching."""
    if commune is None:
        return ""
    current = commune.current
    zone = set(service.zone_eligibilite)
    if current.code in zone or commune.code in zone:
        return f"Intervient à {current.name}"
    if current.epci_id and current.epci_id in zone:
        return f"Intervient sur l'intercommunalité ({current.epci.name})" if current.epci else "Intervient sur l'EPCI"
    if current.department_id and current.department_id in zone:
        return f"Intervient dans tout le département ({current.department.name})" if current.department else ""
    if f"{REGION_PREFIX}{current.region_code}" in zone:
        return "Intervient dans toute la région"
    if FRANCE in zone:
        return "Service national"
    return ""


def _counts_from_index() -> bool:
    """Whether a text's matches can be counted from a full-text index: PostgreSQL's GIN, SQLite's FTS5."""
    return connection.vendor == "postgresql" or (connection.vendor == "sqlite" and search_index.has_listing_fts())


_PHONE_QUERY = re.compile(r"[\d\s.+()/-]+")


def query_tokens(text: str) -> list[str]:
    """The words searched for: a query made of a phone number only (« 01 40 47 06 06 », « +33 1 40 47 06 06 »)
    is one run of digits, as the search rows hold the numbers (search_index.contact_words); any other text, its
    folded and stemmed words."""
    stripped = text.strip()
    if stripped and _PHONE_QUERY.fullmatch(stripped):
        key = search_index.phone_key(text)
        if key:
            return [key]
    return search_tokens(text)


def listing_text_match(text: str) -> tuple[str, list[Any]] | None:
    """A condition on the listing table (alias l): every stemmed word of the text starts a word of its text.

    The words are already folded and stemmed (search_tokens, [a-z0-9] only), in the query as in the stored text,
    so the indexes need no language support: FTS5 prefix queries on SQLite, a 'simple' tsvector with a GIN index
    on PostgreSQL, LIKE where neither exists.
    """
    tokens = query_tokens(text)
    if not tokens:
        return None
    if connection.vendor == "postgresql":
        return "l.search_vector @@ to_tsquery('simple', %s)", [" & ".join(f"{t}:*" for t in tokens)]
    fts = search_index.LISTING_FTS
    if connection.vendor == "sqlite" and search_index.has_listing_fts():
        match = " ".join(f'"{token}"*' for token in tokens)
        return f"l.service_id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)", [match]  # noqa: S608
    return " AND ".join(["l.search_text LIKE %s"] * len(tokens)), [f"% {token}%" for token in tokens]


def _contains_sql(column: str) -> str:
    """A substring test: instr() on SQLite, strpos() on PostgreSQL, both in C over the row's own string."""
    function = "strpos" if connection.vendor == "postgresql" else "instr"
    return f"{function}({column}, %s) > 0"


_ENTRY_COLUMNS: dict[str, str] = {
    TermKind.THEMATIQUE: "thematiques",
    TermKind.PUBLIC: "publics",
    TermKind.MODE_ACCUEIL: "modes_accueil",
    TermKind.FRAIS: "frais",
}


class _Sql:
    """The search as one hand-written SQL statement: the ORM's query building cost more than the query itself.

    Near a commune, the candidates are the search table's rows of the commune's covering codes (see
    search_index): filters are substring tests on those rows, a service covering the place by several codes is
    grouped to its nearest level, and the total comes with the page through COUNT(*) OVER (). Without a commune
    (a text over all of France, or the whole list), the listing table: the total is its own query (count), from
    the full-text index where it can be. Plain SQL for SQLite and PostgreSQL.
    """

    def __init__(self, query: SearchQuery, day: datetime.date) -> None:
        self.commune = query.commune
        self.day = day
        self.urgent = query.is_urgent  # its lines are ranked first, those of main_thematique before the others
        self.main_thematique = query.main_thematique
        self.general_lines = query.general_lines_first and query.commune is not None
        self.text_match: tuple[str, list[Any]] | None = None  # without a commune: the full-text condition
        self.text_only = False  # without a commune: a text and no other filter
        self.origin: tuple[float, float] | None = None  # near a commune: the point distances are measured from
        self.index_hint = ""  # chosen by _page once the total is known
        self.few_matches = False
        self.params: list[Any] = []
        self.where: list[str] = []
        filters: list[tuple[str, list[str]]] = [
            (TermKind.THEMATIQUE, query.thematiques),
            # A service for everyone serves every public.
            (TermKind.PUBLIC, [*query.publics, "tous-publics"] if query.publics else []),
            (TermKind.MODE_ACCUEIL, query.modes_accueil),
            (TermKind.FRAIS, query.frais),
        ]
        if self.commune is None:
            self._listings_where(day, filters, query.q)
        else:
            self._entries_where(self.commune, day, filters, query.q)
            self.origin = _origin(self.commune, query.point)
            if query.on_site_within_m is not None and self.origin is not None:
                self._within(self.origin, query.on_site_within_m)
        if self._service_filters("l" if self.commune is None else "e", query):
            self.text_only = False

    def _entries_where(
        self, commune: Commune, day: datetime.date, filters: list[tuple[str, list[str]]], text: str
    ) -> None:
        codes = commune.covering_zone_codes()
        self.where.append(f"e.zone IN ({', '.join(['%s'] * len(codes))})")
        self.params += codes
        self.where.append("(e.hidden_until IS NULL OR e.hidden_until < %s)")
        self.params.append(day)
        self._term_filters("e", filters)
        for token in query_tokens(text):
            self.where.append(_contains_sql("e.search_text"))
            self.params.append(f" {token}")

    def _listings_where(self, day: datetime.date, filters: list[tuple[str, list[str]]], text: str) -> None:
        self.where.append("(l.hidden_until IS NULL OR l.hidden_until < %s)")
        self.params.append(day)
        self._term_filters("l", filters)
        self.text_match = listing_text_match(text)
        if self.text_match:
            condition, values = self.text_match
            self.where.append(condition)
            self.params += values
        self.text_only = bool(self.text_match) and not any(values for _, values in filters)

    def _within(self, origin: tuple[float, float], radius_m: int) -> None:
        """A service met on site only is kept within the radius; one also (or only) reached at a distance, or
        without a point, wherever it is (the data·inclusion API's rule)."""
        dist2, dist_params = _dist2_sql(origin, "e")
        radius_degrees = radius_m / (EARTH_RADIUS_M * math.pi / 180)
        remote = _contains_sql("e.modes_accueil")
        self.where.append(f"(NOT e.on_site OR {remote} OR {dist2} <= %s)")
        self.params += [f",{terms.REMOTE},", *dist_params, radius_degrees**2]

    def _service_filters(self, alias: str, query: SearchQuery) -> bool:
        """Types, sources and excluded structures: columns of the services table, not of the search tables."""
        conditions: list[str] = []
        params: list[Any] = []
        for column, values, test in (
            ("service_type", query.service_types, "IN"),
            ("source", query.sources, "IN"),
            ("structure_id", query.excluded_structures, "NOT IN"),
        ):
            if values:
                conditions.append(f"s2.{column} {test} ({', '.join(['%s'] * len(values))})")
                params += values
        if not conditions:
            return False
        self.where.append(f"{alias}.service_id IN (SELECT s2.id FROM {_SERVICE} s2 WHERE {' AND '.join(conditions)})")  # noqa: S608
        self.params += params
        return True

    def _term_filters(self, alias: str, filters: list[tuple[str, list[str]]]) -> None:
        for kind, values in filters:
            if values:
                column = f"{alias}.{_ENTRY_COLUMNS[kind]}"
                self.where.append("(" + " OR ".join([_contains_sql(column)] * len(values)) + ")")
                self.params += [f",{code}," for code in values]

    def count(self, cursor: Any) -> int:
        """Without a place, the total is its own query: as far as possible an index operation.

        A text alone (or nothing at all) is counted over the whole listing table, which holds listed services
        only, less the few hidden until a date: a count of the full-text index (FTS5), of the GIN bitmap
        (PostgreSQL), or of the table, with no condition read row by row."""
        table = search_index.LISTING_TABLE
        filtered = not self.text_only and len(self.where) > 1
        if filtered or (self.text_match and not _counts_from_index()):
            cursor.execute(f"SELECT COUNT(*) FROM {table} l WHERE {' AND '.join(self.where)}", self.params)  # noqa: S608
            return int(cursor.fetchone()[0])
        if not self.text_match:
            sql = f"SELECT (SELECT COUNT(*) FROM {table}) - (SELECT COUNT(*) FROM {table} WHERE hidden_until >= %s)"  # noqa: S608
            cursor.execute(sql, [self.day])
            return int(cursor.fetchone()[0])
        condition, match = self.text_match
        if connection.vendor == "sqlite":
            fts = search_index.LISTING_FTS
            everything = f"SELECT COUNT(*) FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608
            # Probe the index for each hidden listing rather than list every match (IN would).
            condition = f"EXISTS (SELECT 1 FROM {fts} WHERE {fts} MATCH %s AND rowid = l.service_id)"  # noqa: S608
        else:
            everything = f"SELECT COUNT(*) FROM {table} l WHERE {condition}"  # noqa: S608
        hidden = f"SELECT COUNT(*) FROM {table} l WHERE l.hidden_until >= %s AND {condition}"  # noqa: S608
        cursor.execute(f"SELECT ({everything}) - ({hidden})", [*match, self.day, *match])
        return int(cursor.fetchone()[0])

    def _line_rank(self, alias: str) -> tuple[str, list[Any]]:
        """On an urgent search, 0 for a line whose main (first) theme is the one chosen, 1 for another line, 2 for
        any other service; near a commune without a need, 0 for a general line, 2 for any other; 0 for all
        otherwise (and not in the ORDER BY, which can then walk the name index)."""
        a = alias
        if self.general_lines and not self.urgent:
            return general_lines.rank_sql(a)
        if not self.urgent:
            return "0", []
        if self.main_thematique is None:
            return f"CASE WHEN {a}.helpline THEN 1 ELSE 2 END", []
        function = "strpos" if connection.vendor == "postgresql" else "instr"
        sql = f"CASE WHEN {a}.helpline THEN CASE WHEN {function}({a}.thematiques, %s) = 1 THEN 0 ELSE 1 END ELSE 2 END"
        return sql, [f",{self.main_thematique},"]

    @property
    def _lines_first(self) -> str:
        return "line_rank, " if self.urgent or self.general_lines else ""

    def statement(self, limit: int | None, offset: int) -> tuple[str, list[Any]]:
        """The ranked matches: id, name, opening hours, always open, zone rank, remote, squared distance, total,
        line rank."""
        where = " AND ".join(self.where)
        if self.commune is None:
            source = f"{search_index.LISTING_TABLE} l {self.index_hint}"
            if self.few_matches and connection.vendor == "postgresql":
                # Few matches: read them all through the text index, then sort. PostgreSQL, guessing more, would
                # walk the name index and test every row (37 ms for 23 matches of a rare word at 30,000).
                source = f"(WITH m AS MATERIALIZED (SELECT * FROM {source} WHERE {where}) SELECT * FROM m) l"  # noqa: S608
                where = "TRUE"
            line_rank, line_params = self._line_rank("l")
            sql = (
                "SELECT l.service_id AS id, l.name, l.opening_hours, l.always_open, 0 AS zone_rank, "  # noqa: S608
                f"CASE WHEN l.on_site THEN 0 ELSE 1 END AS remote, 0.0 AS dist2, 0 AS total, {line_rank} AS line_rank "
                f"FROM {source} WHERE {where} ORDER BY {self._lines_first}l.name, l.service_id"
            )
            params = [*line_params, *self.params]
        else:
            dist2, dist_params = _dist2_sql(self.origin, "e")
            line_rank, line_params = self._line_rank("e")
            if line_rank != "0":
                line_rank = f"MIN({line_rank})"  # the same on every row of a service
            sql = (
                "SELECT e.service_id AS id, e.name, e.opening_hours, e.always_open, MIN(e.level) AS zone_rank, "  # noqa: S608
                f"CASE WHEN e.on_site THEN 0 ELSE 1 END AS remote, {dist2} AS dist2, COUNT(*) OVER () AS total, "
                f"{line_rank} AS line_rank FROM {search_index.TABLE} e WHERE {where} "
                "GROUP BY e.service_id, e.name, e.opening_hours, e.always_open, e.on_site, e.latitude, e.longitude "
                f"ORDER BY {self._lines_first}remote, dist2, zone_rank, e.name, e.service_id"
            )
            params = [*dist_params, *line_params, *self.params]
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        return sql, params

    def page_statement(self, limit: int, offset: int) -> tuple[str, list[Any]]:
        """The page itself: the ranking above, limited, joined to the columns the results show (one statement)."""
        ranked, params = self.statement(limit, offset)
        order = "r.name, r.id" if self.commune is None else "r.remote, r.dist2, r.zone_rank, r.name, r.id"
        if self._lines_first:
            order = f"r.line_rank, {order}"
        sql = (
            f"SELECT r.total, {ROWS.columns} FROM ({ranked}) r JOIN {_SERVICE} s ON s.id = r.id "  # noqa: S608
            f"{ROWS.joins} ORDER BY {order}"
        )
        return sql, params


def _origin(commune: Commune | None, point: tuple[float, float] | None = None) -> tuple[float, float] | None:
    """Where distances are measured from: the point given, else the commune's (or its current commune's)."""
    if point is not None:
        return point
    place = None if commune is None else (commune if commune.latitude is not None else commune.current)
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return place.latitude, place.longitude


def _dist2_sql(origin: tuple[float, float] | None, alias: str) -> tuple[str, list[Any]]:
    if origin is None:
        return "0.0", []
    latitude, longitude = origin
    scale2 = longitude_scale(latitude) ** 2
    a = alias
    sql = (
        f"CASE WHEN {a}.on_site THEN ({a}.latitude - %s) * ({a}.latitude - %s) "
        f"+ ({a}.longitude - %s) * ({a}.longitude - %s) * %s ELSE 0.0 END"
    )
    return sql, [latitude, latitude, longitude, longitude, scale2]


def _page(query: SearchQuery, moment: datetime.datetime) -> tuple[list[Service], int]:
    """The services of the page, in order, and the total number of matches."""
    builder = _Sql(query, timezone.localdate(moment))
    offset = (query.page - 1) * query.size
    in_python = query.open_now or query.keep is not None
    with connection.cursor() as cursor:
        if not in_python and query.commune is None:
            total = builder.count(cursor)
            if not total or offset >= total:
                return [], total
            if builder.text_match and total > NAME_WALK_ABOVE and connection.vendor == "sqlite":
                # Many matches: walk the names in order and stop at the page, rather than read every match
                # and sort them (SQLite would do the latter, not knowing how many the full-text index holds).
                builder.index_hint = "INDEXED BY searchlisting_name"
            builder.few_matches = bool(builder.text_match) and total <= NAME_WALK_ABOVE
            cursor.execute(*builder.page_statement(query.size, offset))
            return ROWS.services(cursor.fetchall(), 1), total
        if not in_python:
            cursor.execute(*builder.page_statement(query.size, offset))
            rows = cursor.fetchall()
            if not rows:
                return [], _count(cursor, builder, query)
            return ROWS.services(rows, 1), int(rows[0][0])
        # Opening hours are evaluated in Python by a real OSM parser, `keep` is a Python test: rank every match,
        # keep those that pass.
        cursor.execute(*builder.statement(None, 0))
        local = _local(moment)
        rows = cursor.fetchall()
        borrowed = town_hall_hours([row[0] for row in rows if not row[2] and not row[3]]) if query.open_now else {}
        ids = [
            row[0]
            for row in rows
            if not query.open_now or row[3] or hours.is_open_at(row[2] or borrowed.get(row[0], ""), local)
        ]
        if query.keep is None:
            return ROWS.fetch(cursor, ids[offset : offset + query.size]), len(ids)
        kept = [service for service in ROWS.fetch(cursor, ids) if query.keep(service)]
        return kept[offset : offset + query.size], len(kept)


def _count(cursor: Any, builder: _Sql, query: SearchQuery) -> int:
    """A page past the end has no row to carry the total: count apart (rare, one more query)."""
    if query.page == 1:
        return 0
    sql, params = builder.statement(None, 0)
    cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS matches", params)  # noqa: S608
    return int(cursor.fetchone()[0])


# Past this many matches of a text without a place, the page is found by walking the names in order.
NAME_WALK_ABOVE = 2000


def search_services(query: SearchQuery, moment: datetime.datetime | None = None) -> SearchResult:
    moment = moment or timezone.now()
    query.size = max(1, min(query.size, MAX_PAGE_SIZE))
    query.page = max(1, query.page)
    services, total = _page(query, moment)
    local = _local(moment)
    origin = _origin(query.commune, query.point) if query.commune is not None else None
    hits = [_hit(service, query.commune, origin, local) for service in services]
    return SearchResult(query=query, hits=hits, total=total)


def _local(moment: datetime.datetime) -> datetime.datetime:
    """The moment in local time, converted once for the whole page (what Service.is_open_at does per service)."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def _hit(
    service: Service, commune: Commune | None, origin: tuple[float, float] | None, local: datetime.datetime
) -> SearchHit:
    distance = None
    if service.on_site and origin is not None:
        assert service.latitude is not None and service.longitude is not None
        distance = haversine_m(origin[0], origin[1], service.latitude, service.longitude)
    reasons = [r for r in [zone_reason(service, commune)] if r]
    is_open = True if service.always_open else hours.is_open_at(service.opening_hours, local)
    return SearchHit(service=service, distance_m=distance, reasons=reasons, is_open=is_open)
