"""Writing the synthetic directory through the project's import path, and timing it."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from django.db import connection, transaction

from allervers.bench import dataset
from allervers.directory import search_index
from allervers.directory.imports import NamedFile, collector_paused, import_directory
from allervers.directory.models import Service, ServiceTerm, Structure
from allervers.directory.tracking import ListingChange

CHANGED_SHARE = 0.1


@dataclass
class ImportTiming:
    services: int
    structures: int
    fresh_seconds: float
    fresh_per_second: float
    reimport_seconds: float | None = None
    reimport_per_second: float | None = None
    reimport_updated: int | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def clear() -> int:
    """Delete the synthetic listings (and only them) in three statements: the ORM's cascade is far slower."""
    tables = [ServiceTerm._meta.db_table, Service._meta.db_table, Structure._meta.db_table]
    quote = connection.ops.quote_name
    service_ids = f"SELECT id FROM {quote(tables[1])} WHERE source = %s"  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (search_index.TABLE, search_index.LISTING_TABLE, tables[0]):
            cursor.execute(f"DELETE FROM {quote(table)} WHERE service_id IN ({service_ids})", [dataset.SOURCE])  # noqa: S608
        # The imports' change log of the synthetic structures (and of their services) goes with them.
        changes = quote(ListingChange._meta.db_table)
        structure_ids = f"SELECT id FROM {quote(tables[2])} WHERE source = %s"  # noqa: S608
        cursor.execute(f"DELETE FROM {changes} WHERE structure_id IN ({structure_ids})", [dataset.SOURCE])  # noqa: S608
        cursor.execute(f"DELETE FROM {quote(tables[1])} WHERE source = %s", [dataset.SOURCE])  # noqa: S608
        deleted = cursor.rowcount
        cursor.execute(f"DELETE FROM {quote(tables[2])} WHERE source = %s", [dataset.SOURCE])  # noqa: S608
    return int(deleted)


def load(services: int, seed: int, *, reimport: bool = True) -> ImportTiming:
    """Import a fresh directory of `services` services, then (optionally) the same with 10 % changed."""
    data = dataset.generate(services, seed)
    timing = ImportTiming(len(data["services"]), len(data["structures"]), 0.0, 0.0)
    timing.fresh_seconds = _import(data)
    timing.fresh_per_second = timing.services / timing.fresh_seconds
    if reimport:
        changed = dataset.with_changes(data, CHANGED_SHARE, seed)
        started = time.perf_counter()
        file = NamedFile("banc-essai.json", dataset.to_json(changed))
        with collector_paused():  # as the import command does
            report = import_directory([file], source=dataset.SOURCE)
        timing.reimport_seconds = time.perf_counter() - started
        timing.reimport_per_second = timing.services / timing.reimport_seconds
        timing.reimport_updated = report.services.updated
    return timing


def _import(data: dict[str, object]) -> float:
    started = time.perf_counter()
    file = NamedFile("banc-essai.json", dataset.to_json(data))
    with collector_paused():  # as the import command does
        report = import_directory([file], source=dataset.SOURCE)
    elapsed = time.perf_counter() - started
    if not report.ok:
        raise RuntimeError("\n".join(report.summary_lines()[:20]))
    return elapsed
