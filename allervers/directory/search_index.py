"""The rows derived from a service, and their one owner: its terms, its search entries, its listing row.

ServiceTerm (models.py) holds one (kind, code) of a service a row, for the ORM's filters (the helplines of a
theme). The search table, SearchEntry, holds one row per listed service and zone code it covers, with all a
search filters and sorts on. A search near a commune reads the rows of the commune's covering codes (commune,
EPCI, department, region, France) and nothing else: themes, publics, modes and fees are short delimited strings
(",code,code,") tested with instr/strpos, the visibility is one date, the point and the name are there for the
ranking. On SQLite the table is WITHOUT ROWID, stored in (zone, service_id) order, on PostgreSQL it is clustered
on that key after a large import: the rows of one zone lie together and a search reads them in one sweep, with
no per-candidate index probe (the same search over the normalised tables read ServiceTerm three times per
candidate: 13 ms at 30,000 services, against about 1 ms here). Searches without a place read the second table
of this module, SearchListing: one narrow row per listed service with its own full-text index.

All three are derived data, computed by `rows_of` from the values `Source` names and written by `_rewrite`
alone. Who calls it: `Service.save` for one service (`save_services`, when a field of Service.INDEXED
changed), `Structure.save` for its services' (`refresh_structures`, when its status or its name changed), the
import for its services in bulk (`save_services`), `allervers rebuild-search-index` for everything
(`rebuild`). Services and helplines alike whose status and whose structure's status let them be listed get
search rows (a helpline is a result like any service, flagged so that urgent searches can put it first); a
suspension is kept as the date the listing reappears after. Every service has its terms.

The search text of the rows is the service's own (Service.search_text: its words, folded and stemmed) plus what
a person may type to find a line: its public numbers as one run of digits (« 01 40 47 06 06 », « 0140470606 »
and « +33 1 40 47 06 06 » are all 0140470606, see phone_key) and the words for its channels (« tchat »).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Any, NamedTuple

from django.apps import apps
from django.db import connection, models, transaction

from allervers.common.text import search_tokens
from allervers.directory import rows
from allervers.directory.enums import ChannelKind, ListingStatus, ServiceKind, TermKind
from allervers.territories.models import FRANCE, REGION_PREFIX

TABLE = "directory_searchentry"
LISTING_TABLE = "directory_searchlisting"
LISTING_FTS = f"{LISTING_TABLE}_fts"  # SQLite: contentless FTS5 over search_text (0005): _write adds, triggers remove
TERM_TABLE = "directory_serviceterm"
# The declared columns of each table, in the order of the rows rows_of makes (tests/directory/test_rows.py checks
# them against the models). SHARED: what both search tables hold of a service (_SearchRow's fields).
SHARED = (
    "on_site",
    "helpline",
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
COLUMNS = ("zone", "service_id", "level", "latitude", "longitude", *SHARED)
LISTING_COLUMNS = ("service_id", *SHARED)
TERM_COLUMNS = ("service_id", "kind", "code")
# Zone levels, nearest first: the ranking prefers the service of the commune to the department's.
COMMUNE, EPCI, DEPARTMENT, REGION, NATIONAL = range(5)
# A suspension without an end date hides the listing until someone lifts it.
FOREVER = datetime.date(9999, 12, 31)
_CHUNK = 500


class Source(NamedTuple):
    """What a service's derived rows are made of: read from the database (_source_rows) or from memory (_values).

    A field named structure_x is the service's structure's x."""

    id: int
    kind: str
    status: str
    suspended_until: datetime.date | None
    structure_status: str
    structure_suspended_until: datetime.date | None
    zone_eligibilite: list[str]
    on_site: bool
    latitude: float | None
    longitude: float | None
    name: str
    thematiques: list[str]
    publics: list[str]
    modes_accueil: list[str]
    frais: str
    always_open: bool
    opening_hours: str
    search_text: str
    phone: str
    channels: list[dict[str, Any]]


def _lookup(name: str) -> str:
    return "structure__" + name.removeprefix("structure_") if name.startswith("structure_") else name


_LOOKUPS = [_lookup(name) for name in Source._fields]  # for values_list
_ATTRIBUTES = attrgetter(*[lookup.replace("__", ".") for lookup in _LOOKUPS])  # on a Service object


class Rows(NamedTuple):
    """The derived rows of one service: its terms, its search entries, its listing row (None when unlisted)."""

    terms: list[tuple[Any, ...]]
    entries: list[tuple[Any, ...]]
    listing: tuple[Any, ...] | None


class _SearchRow(models.Model):
    """What both tables hold of a service: name, term codes as ",a,b," strings, visibility, hours, text."""

    on_site = models.BooleanField()
    # Its column is added by migration 0008 in SQL (ADD COLUMN … DEFAULT FALSE): Django's own AddField would
    # remake the SQLite tables, losing WITHOUT ROWID and the full-text triggers.
    helpline = models.BooleanField(default=False)
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


_NOT_DIGIT = re.compile(r"\D")
# Words a person types for a way of reaching a line, by channel kind (a phone needs none: its number is there).
CHANNEL_WORDS: dict[str, str] = {ChannelKind.CHAT: "tchat chat", ChannelKind.SMS: "sms", ChannelKind.VIDEO: "visio"}
# Fewer digits than this are not a number anyone dials (a 17 or a 15 stays an ordinary word of the text).
MIN_PHONE_DIGITS = 3


def phone_key(text: str) -> str:
    """A phone number as one run of digits, in its national form: « +33 1 40 47 06 06 », « 01.40.47.06.06 » and
    « 0140470606 » are all 0140470606; « 116 006 » is 116006. Empty for fewer than three digits."""
    digits = _NOT_DIGIT.sub("", text)
    stripped = text.lstrip()
    if stripped.startswith("+33") or stripped.startswith("0033"):
        digits = "0" + digits.removeprefix("00").removeprefix("33")
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def contact_words(phone: str, channels: list[dict[str, Any]]) -> list[str]:
    """What the search text adds to a service's own words: its public numbers (phone_key) and channel words."""
    numbers = [phone, *(str(c.get("value", "")) for c in channels if c.get("kind") in ("phone", "sms"))]
    kinds = " ".join(CHANNEL_WORDS.get(str(c.get("kind")), "") for c in channels)
    return list(dict.fromkeys([*filter(None, map(phone_key, numbers)), *search_tokens(kinds)]))


def row_text(source: Source) -> str:
    """The search text of a service's rows: its own, then the contact words it does not already hold."""
    text = source.search_text
    added = [word for word in contact_words(source.phone, source.channels) if f" {word} " not in text]
    return (text or " ") + " ".join(added) + " " if added else text


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


def term_pairs(
    zones: list[str], thematiques: list[str], publics: list[str], modes: list[str], frais: str
) -> list[tuple[str, str]]:
    """(kind, code) of every indexed term of a service; `thematiques` with their parents already."""
    kinds: list[tuple[str, list[str]]] = [
        (TermKind.ZONE, zones),
        (TermKind.THEMATIQUE, thematiques),
        (TermKind.PUBLIC, publics),
        (TermKind.MODE_ACCUEIL, modes),
        (TermKind.FRAIS, [frais] if frais else []),
    ]
    return [(kind, code) for kind, codes in kinds for code in codes]


def hidden_until(status: str, suspended_until: datetime.date | None) -> datetime.date | None | bool:
    """None when listed, the day a suspension ends (the listing shows again the day after), False when unlisted."""
    if status == ListingStatus.PUBLISHED:
        return None
    if status == ListingStatus.SUSPENDED:
        return suspended_until or FOREVER
    return False


def rows_of(source: Source) -> Rows:
    """Every derived row of one service, in the order of TERM_COLUMNS, COLUMNS and LISTING_COLUMNS."""
    pk = source.id
    thematiques = thematiques_with_parents(source.thematiques)
    pairs = term_pairs(source.zone_eligibilite, thematiques, source.publics, source.modes_accueil, source.frais)
    terms = [(pk, kind, code) for kind, code in pairs]
    own = hidden_until(source.status, source.suspended_until)
    structure = hidden_until(source.structure_status, source.structure_suspended_until)
    if own is False or structure is False:
        return Rows(terms, [], None)
    dates = [day for day in (own, structure) if isinstance(day, datetime.date)]
    shared = (
        source.on_site,
        source.kind == ServiceKind.HELPLINE,
        source.name,
        delimited(thematiques),
        delimited(source.publics),
        delimited(source.modes_accueil),
        delimited([source.frais] if source.frais else []),
        max(dates) if dates else None,
        source.always_open,
        source.opening_hours,
        row_text(source),
    )
    latitude, longitude = source.latitude, source.longitude
    entries = [(code, pk, level(code), latitude, longitude, *shared) for code in dict.fromkeys(source.zone_eligibilite)]
    return Rows(terms, entries, (pk, *shared))


def _source_rows(**filters: Any) -> Iterator[Source]:
    """The Source of every service, or of those matching `filters`, read from the database."""
    Service = apps.get_model("directory", "Service")
    services = Service.objects.order_by().filter(**filters).values_list(*_LOOKUPS)
    # The whole table in chunks; a structure's few services at once.
    for values in services if filters else services.iterator(chunk_size=2000):
        yield Source._make(values)


def _values(service: Any) -> Source:
    """A service object's Source (its structure must be loaded, or it is read)."""
    return Source._make(_ATTRIBUTES(service))


def save_services(services: list[Any], *, fresh: bool = False) -> None:
    """Rewrite every derived row of these saved services from the objects in memory (no read back).

    Each service's structure should be loaded (service.structure), for its status. `fresh`: services just
    created, which have no rows to delete."""
    if services:
        _rewrite([service.pk for service in services], [_values(service) for service in services], fresh=fresh)


def refresh_structures(structure_ids: list[int], *, renamed: bool, skip: Iterable[int] = ()) -> None:
    """Rewrite the rows of these structures' services but those of `skip`: their search rows follow the
    structure's status, and their search text holds its name (when `renamed`, recomputed and saved)."""
    Service = apps.get_model("directory", "Service")
    if not renamed:
        sources = list(_source_rows(structure_id__in=structure_ids))
        _rewrite([source.id for source in sources], sources, fresh=False, terms=False)
        return
    queryset = Service.objects.filter(structure_id__in=structure_ids).select_related("structure", "commune")
    skipped = list(skip)
    services = list(queryset.exclude(pk__in=skipped) if skipped else queryset)
    for service in services:
        service.refresh_derived()
    rows.update(Service, services, ["search_text"])
    save_services(services)


def _rewrite(ids: list[int], sources: list[Source], *, fresh: bool, terms: bool = True) -> None:
    """The one writer of derived rows: delete those of `ids` (unless fresh), write those of `sources`."""
    if not ids:
        return
    derived = [rows_of(source) for source in sources]
    tables = (TERM_TABLE, TABLE, LISTING_TABLE) if terms else (TABLE, LISTING_TABLE)
    # Within the caller's transaction if there is one, without a savepoint of its own.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if not fresh:
            rows.delete_rows(cursor, tables, "service_id", ids, _CHUNK)
        _write(cursor, derived, terms=terms)


def rebuild() -> int:
    """Rewrite the three tables whole; returns the number of rows of the search table."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (TERM_TABLE, TABLE, LISTING_TABLE):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        written = 0
        for batch in _batched(_source_rows(), 5000):
            written += _write(cursor, [rows_of(source) for source in batch])
    cluster()
    return written


def differences() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """(rows missing from the tables, rows in the tables that should not be): both empty when they are in step.

    Rows of the search table start with a zone code, rows of the listing table with a service id and have
    twelve values, term rows are (service id, kind, code)."""
    ServiceTerm = apps.get_model("directory", "ServiceTerm")
    expected: set[tuple[Any, ...]] = set()
    for source in _source_rows():
        derived = rows_of(source)
        expected.update(derived.terms)
        expected.update(derived.entries)
        if derived.listing is not None:
            expected.add(derived.listing)
    actual = set(SearchEntry.objects.values_list(*[c.removesuffix("_id") for c in COLUMNS]))
    actual.update(SearchListing.objects.values_list(*[c.removesuffix("_id") for c in LISTING_COLUMNS]))
    actual.update(ServiceTerm.objects.values_list(*TERM_COLUMNS))
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


def _write(cursor: Any, derived: list[Rows], *, terms: bool = True) -> int:
    """Insert the rows of services already computed; returns the number of rows written to the search table."""
    entries = [row for service in derived for row in service.entries]
    listings = [service.listing for service in derived if service.listing is not None]
    if terms:
        rows.write_rows(cursor, TERM_TABLE, TERM_COLUMNS, [row for service in derived for row in service.terms])
    rows.write_rows(cursor, TABLE, COLUMNS, entries)
    rows.write_rows(cursor, LISTING_TABLE, LISTING_COLUMNS, listings)
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
