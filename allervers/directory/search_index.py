"""The search table: one row per listed service and zone code it covers, holding all a search filters and sorts on.

A search near a commune reads the rows of the commune's covering codes (commune, EPCI, department, region,
France) and nothing else: themes, publics, modes and fees are short delimited strings (",code,code,") tested
with instr/strpos, the visibility is one date, the point and the name are there for the ranking. On SQLite the
table is WITHOUT ROWID, stored in (zone, service_id) order, on PostgreSQL it is clustered on that key after a
large import: the rows of one zone lie together and a search reads them in one sweep, with no per-candidate
index probe (the same search over the normalised tables read ServiceTerm three times per candidate: 13 ms at
30,000 services, against about 1 ms here).

Searches without a place read the second table of this module, SearchListing: one narrow row per listed service
with its own full-text index.

Both tables are derived data, rewritten for a service on every save of the service (Service.save), for the
services of a structure on every save of the structure (Structure.save) and by the import after it writes;
`allervers rebuild-search-index` rewrites them whole. Only services (not helplines) whose status and whose
structure's status let them be listed get rows; a suspension is kept as the date the listing reappears after.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, models, transaction

from allervers.directory.enums import ListingStatus, ServiceKind
from allervers.territories.models import FRANCE, REGION_PREFIX

TABLE = "directory_searchentry"
COLUMNS = (
    "zone",
    "service_id",
    "level",
    "on_site",
    "latitude",
    "longitude",
    "name",
    "thematiques",
    "publics",
    "modes_accueil",
    "frais",
    "hidden_until",
    "always_open",
    "opening_hours",
    "search_text",
)
# Zone levels, nearest first: the ranking prefers the service of the commune to the department's.
COMMUNE, EPCI, DEPARTMENT, REGION, NATIONAL = range(5)
# A suspension without an end date hides the listing until someone lifts it.
FOREVER = datetime.date(9999, 12, 31)
_CHUNK = 500
_SOURCE_FIELDS = (
    "id",
    "kind",
    "status",
    "suspended_until",
    "structure__status",
    "structure__suspended_until",
    "zone_eligibilite",
    "on_site",
    "latitude",
    "longitude",
    "name",
    "thematiques",
    "publics",
    "modes_accueil",
    "frais",
    "always_open",
    "opening_hours",
    "search_text",
)


class _SearchRow(models.Model):
    """What both tables hold of a service: name, term codes as ",a,b," strings, visibility, hours, text."""

    on_site = models.BooleanField()
    name = models.CharField(max_length=150)
    thematiques = models.TextField()
    publics = models.TextField()
    modes_accueil = models.TextField()
    frais = models.TextField()
    hidden_until = models.DateField(null=True)
    always_open = models.BooleanField()
    opening_hours = models.TextField()
    search_text = models.TextField()

    class Meta:
        abstract = True
        app_label = "directory"


class SearchEntry(_SearchRow):
    """A row of the search table. Written and read in SQL by this module and allervers.directory.search only."""

    pk = models.CompositePrimaryKey("zone", "service")
    zone = models.CharField(max_length=20)
    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)

    class Meta:
        app_label = "directory"
        db_table = TABLE
        verbose_name = "entrée de recherche"

    def __str__(self) -> str:
        return f"{self.zone}:{self.service_id}"


LISTING_TABLE = "directory_searchlisting"
LISTING_FTS = f"{LISTING_TABLE}_fts"  # SQLite: contentless FTS5 over search_text (0005): _write adds, triggers remove
LISTING_COLUMNS = (
    "service_id",
    "name",
    "on_site",
    "thematiques",
    "publics",
    "modes_accueil",
    "frais",
    "hidden_until",
    "always_open",
    "opening_hours",
    "search_text",
)


class SearchListing(_SearchRow):
    """One row per listed service, for the searches without a place (a text over all of France, the whole list).

    Narrow, in name order through its index, with a full-text index of its own that holds listed services only:
    a count of the matches of a word is an index operation (FTS5 on SQLite, GIN on PostgreSQL), with no
    visit to the wide services table (W2 without a commune: 36 -> a few ms at 30,000 services)."""

    service = models.OneToOneField("directory.Service", on_delete=models.CASCADE, primary_key=True, related_name="+")

    class Meta:
        app_label = "directory"
        db_table = LISTING_TABLE
        verbose_name = "fiche de recherche"
        indexes = [
            # Name order with what the walk checks (a match's id, its visibility) without reading the rows.
            models.Index(fields=["name", "service", "hidden_until"], name="searchlisting_name"),
            models.Index(fields=["hidden_until"], name="searchlisting_hidden"),
        ]

    def __str__(self) -> str:
        return self.name


def level(code: str) -> int:
    """The level of a zone code, from its shape: 5 characters a commune, 9 digits an EPCI (SIREN), 2 or 3 a
    department (01, 2A, 971), R and the region's code a region, « france » the country."""
    if code == FRANCE:
        return NATIONAL
    if code.startswith(REGION_PREFIX):
        return REGION
    if len(code) == 9:
        return EPCI
    if len(code) <= 3:
        return DEPARTMENT
    return COMMUNE


def delimited(codes: Iterable[str]) -> str:
    """ ",a,b," : a code is present when ",code," is a substring (codes never hold a comma)."""
    joined = ",".join(codes)
    return f",{joined}," if joined else ""


def thematiques_with_parents(codes: list[str]) -> list[str]:
    """A filter on a category (« famille ») finds the services tagged with one of its themes."""
    found = dict.fromkeys(codes)
    for code in codes:
        found.setdefault(code.split("--", 1)[0], None)
    return list(found)


def hidden_until(status: str, suspended_until: datetime.date | None) -> datetime.date | None | bool:
    """None when listed, the day a suspension ends (the listing shows again the day after), False when unlisted."""
    if status == ListingStatus.PUBLISHED:
        return None
    if status == ListingStatus.SUSPENDED:
        return suspended_until or FOREVER
    return False


def rows_of(values: tuple[Any, ...]) -> tuple[list[tuple[Any, ...]], tuple[Any, ...] | None]:
    """The search table's rows and the listing row of one service, from the values of _SOURCE_FIELDS."""
    (pk, kind, status, until, structure_status, structure_until, zones, on_site, latitude, longitude, name) = values[
        :11
    ]
    thematiques, publics, modes, frais, always_open, opening_hours, search_text = values[11:]
    if kind != ServiceKind.SERVICE:
        return [], None
    own, structure = hidden_until(status, until), hidden_until(structure_status, structure_until)
    if own is False or structure is False:
        return [], None
    dates = [day for day in (own, structure) if isinstance(day, datetime.date)]
    hidden = max(dates) if dates else None
    terms = (
        delimited(thematiques_with_parents(thematiques)),
        delimited(publics),
        delimited(modes),
        delimited([frais] if frais else []),
    )
    common = (on_site, latitude, longitude, name, *terms, hidden, always_open, opening_hours, search_text)
    entries = [(code, pk, level(code), *common) for code in dict.fromkeys(zones)]
    return entries, (pk, name, on_site, *terms, hidden, always_open, opening_hours, search_text)


def _source_rows(service_ids: list[int] | None) -> Iterator[tuple[Any, ...]]:
    from allervers.directory.models import Service

    services = Service.objects.order_by().values_list(*_SOURCE_FIELDS)
    if service_ids is None:
        yield from services.iterator(chunk_size=2000)
        return
    for start in range(0, len(service_ids), _CHUNK):
        yield from services.filter(pk__in=service_ids[start : start + _CHUNK])


def refresh(service_ids: Iterable[int]) -> None:
    """Rewrite the rows of these services (deleted, unlisted or helplines end up with none)."""
    ids = sorted(set(service_ids))
    if not ids:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        _delete(cursor, ids)
        _write(cursor, [rows_of(values) for values in _source_rows(ids)])


def replace(services: list[Any], *, fresh: bool = False) -> None:
    """Rewrite the rows of these saved services from the objects in memory (the import: no read back).

    Each service's structure must be loaded (service.structure), for its status. `fresh`: services just
    created, which have no rows to delete."""
    if not services:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        if not fresh:
            _delete(cursor, [service.pk for service in services])
        _write(cursor, [rows_of(_values(service)) for service in services])


def _delete(cursor: Any, ids: list[int]) -> None:
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join(["%s"] * len(chunk))
        for table in (TABLE, LISTING_TABLE):
            cursor.execute(f"DELETE FROM {table} WHERE service_id IN ({marks})", chunk)  # noqa: S608


def _values(service: Any) -> tuple[Any, ...]:
    structure = service.structure
    return (
        service.pk,
        service.kind,
        service.status,
        service.suspended_until,
        structure.status,
        structure.suspended_until,
        service.zone_eligibilite,
        service.on_site,
        service.latitude,
        service.longitude,
        service.name,
        service.thematiques,
        service.publics,
        service.modes_accueil,
        service.frais,
        service.always_open,
        service.opening_hours,
        service.search_text,
    )


def refresh_structure(structure_id: int) -> None:
    from allervers.directory.models import Service

    refresh(Service.objects.filter(structure_id=structure_id).values_list("id", flat=True))


def rebuild() -> int:
    """Rewrite both tables whole; returns the number of rows of the search table."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (TABLE, LISTING_TABLE):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        written = 0
        for batch in _batched(_source_rows(None), 5000):
            written += _write(cursor, [rows_of(values) for values in batch])
    cluster()
    return written


def differences() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """(rows missing from the tables, rows in the tables that should not be): both empty when they are in step.

    Rows of the search table start with a zone code, rows of the listing table with a service id."""
    expected: set[tuple[Any, ...]] = set()
    for values in _source_rows(None):
        entries, listing = rows_of(values)
        expected.update(entries)
        if listing is not None:
            expected.add(listing)
    actual = set(SearchEntry.objects.values_list(*[c.removesuffix("_id") for c in COLUMNS]))
    actual.update(SearchListing.objects.values_list(*[c.removesuffix("_id") for c in LISTING_COLUMNS]))
    return expected - actual, actual - expected


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(cursor: Any, services: list[tuple[list[tuple[Any, ...]], tuple[Any, ...] | None]]) -> int:
    """Insert the rows of services already read (a connection can't run a query while a COPY is open).

    Returns the number of rows written to the search table."""
    entries = [row for rows, _ in services for row in rows]
    listings = [listing for _, listing in services if listing is not None]
    for table, columns, rows in ((TABLE, COLUMNS, entries), (LISTING_TABLE, LISTING_COLUMNS, listings)):
        if not rows:
            continue
        names = ", ".join(columns)
        if connection.vendor == "postgresql":
            # psycopg's executemany is one round trip a row: COPY streams them all at once.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
    if listings and connection.vendor == "sqlite" and has_listing_fts():
        # The words of new rows, in one executemany (deleted or changed rows are handled by triggers, 0005).
        words = [(listing[0], listing[-1]) for listing in listings]
        cursor.executemany(f"INSERT INTO {LISTING_FTS}(rowid, search_text) VALUES (%s, %s)", words)  # noqa: S608
    return len(entries)


_fts_ready: dict[str, bool] = {}


def has_listing_fts() -> bool:
    """SQLite builds without FTS5 get no full-text index from migration 0005: the search then uses LIKE."""
    key = str(connection.settings_dict["NAME"])
    if key not in _fts_ready:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [LISTING_FTS])
            _fts_ready[key] = cursor.fetchone() is not None
    return _fts_ready[key]


def cluster() -> None:
    """PostgreSQL: store the rows in (zone, service_id) order, so that one zone's rows share a few pages.

    Run after a large import (the import calls it past a thousand services) or a rebuild; the order decays
    slowly with later edits. CLUSTER locks the table a moment (a second at 140,000 services); SQLite's WITHOUT
    ROWID table is always in key order.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"CLUSTER {TABLE} USING {TABLE}_pkey")
        cursor.execute(f"ANALYZE {TABLE}")
