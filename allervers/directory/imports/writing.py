"""Matching prepared records with the listings already there, then writing them in bulk, in one transaction.

Identity, within a source: the source's id; else the SIRET; else the normalised name with the commune and the
phone (for a service: within its structure). Listings of other sources are never updated, only reported as
likely duplicates. Status is set when a listing is created; an update leaves it (a suspended listing stays so).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import lru_cache
from operator import itemgetter
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from allervers.common.text import fold
from allervers.directory import rows, search_index
from allervers.directory.enums import ListingStatus
from allervers.directory.imports.actor import ImportActor
from allervers.directory.imports.changes import ChangeLog, moved_service_errors, scope_errors
from allervers.directory.imports.cleaning import Cleaned, Prepared
from allervers.directory.imports.report import Counts, Duplicate, ImportReport
from allervers.directory.models import Service, ServiceTerm, Structure

DERIVED = list(Service.DERIVED)
BATCH = 1000
# PostgreSQL plans the search from table statistics: after a large import, refresh them at once rather than
# wait for autovacuum (a nested loop planned for an "empty" table turns a 5 ms search into seconds).
ANALYZE_AFTER = 1000
M = TypeVar("M", Structure, Service)


def _attname(name: str) -> str:
    return f"{name}_id" if name in {"commune", "structure"} else name


class Writer:
    def __init__(
        self,
        cleaned: Cleaned,
        *,
        draft: bool,
        actor: ImportActor | None = None,
        file_name: str = "",
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.cleaned, self.draft = cleaned, draft
        self.actor = actor or ImportActor.command()
        self.log = ChangeLog(self.actor, file_name)
        self.progress = progress or (lambda done: None)
        self.now = timezone.now()
        self.structures: dict[int, Structure] = {}  # id(prepared) -> object
        self.new_structures: list[Structure] = []
        self.changed_structures: dict[int, tuple[Structure, list[str]]] = {}
        self.new_services: list[Service] = []
        self.changed_services: list[tuple[Service, list[str]]] = []

    # --- planning (no write) ---------------------------------------------------------------------------

    def plan(self, report: ImportReport) -> None:
        sources = {p.fields["source"] for p in self.cleaned.structures + self.cleaned.services}
        builder = rows.Builder(Structure)
        existing = _Index(rows.load(Structure, Structure.objects.filter(source__in=sources)), by_structure=False)
        for prepared in self.cleaned.structures:
            obj = existing.match(prepared)
            report.errors += scope_errors(self.actor, obj, prepared)
            self.structures[id(prepared)] = self._apply(builder, obj, prepared, report.structures, [])
        builder = rows.Builder(Service)
        services = _Index(rows.load(Service, Service.objects.filter(source__in=sources)), by_structure=True)
        moved: list[tuple[Prepared, int]] = []  # services matched under another structure, with their own
        for prepared in self.cleaned.services:
            assert prepared.structure is not None
            structure = self.structures[id(prepared.structure)]
            prepared.fields["structure"] = structure
            obj = services.match(prepared, structure.pk)
            if obj is not None and obj.structure_id != structure.pk:
                moved.append((prepared, obj.structure_id))
            self._apply(builder, obj, prepared, report.services, DERIVED)
        report.errors += moved_service_errors(self.actor, moved)
        report.duplicates = self._duplicates(sources)

    def _apply(self, builder: rows.Builder, obj: Any, prepared: Prepared, counts: Counts, derived: list[str]) -> Any:
        fields = prepared.fields
        if obj is None:
            obj = builder.new(fields)
            obj.status = ListingStatus.DRAFT if self.draft else ListingStatus.PUBLISHED
            self._verify(obj, prepared)
            if isinstance(obj, Service):
                obj.refresh_derived()
                self.new_services.append(obj)
            else:
                self.new_structures.append(obj)
            self.log.created(obj, prepared)
            counts.created += 1
            return obj
        names = [*fields, *derived, "verified_at"]
        snapshot = itemgetter(*[_attname(name) for name in names])
        before = snapshot(obj.__dict__)
        builder.assign(obj, fields)
        self._verify(obj, prepared)
        if isinstance(obj, Service):
            obj.refresh_derived()
        after = snapshot(obj.__dict__)
        changed = [name for name, old, new in zip(names, before, after, strict=True) if new != old]
        if "verified_at" in changed:
            changed.append("verified_by")
        if changed:
            self.log.updated(obj, prepared, names, before, after)
            counts.updated += 1
            if isinstance(obj, Service):
                self.changed_services.append((obj, changed))
            else:
                self.changed_structures[obj.pk] = (obj, changed)
        else:
            counts.unchanged += 1
        return obj

    def _verify(self, obj: Structure | Service, prepared: Prepared) -> None:
        """The file's date counts as a verification only when it is newer than the one we know."""
        day = prepared.verified_on
        if day is None or (obj.verified_at is not None and timezone.localdate(obj.verified_at) >= day):
            return
        obj.verified_at = _noon(day)
        obj.verified_by = f"import {prepared.fields['source']}"[:150]

    # --- writing ---------------------------------------------------------------------------------------

    def write(self) -> None:
        done = 0
        with transaction.atomic():
            for structures in _batches(self.new_structures):
                rows.insert(Structure, structures, self.now)
                done += len(structures)
                self.progress(done)
            changed = list(self.changed_structures.values())
            done += self._bulk_update(Structure, changed)
            self.progress(done)
            for service in self.new_services:
                # The structure may have just got its key. Set through __dict__: assigning structure_id would
                # drop the cached structure, and the search table would then read each one back (a query each).
                service.__dict__["structure_id"] = service.structure.pk
            for services in _batches(self.new_services):
                rows.insert(Service, services, self.now)
                done += len(services)
                self.progress(done)
            done += self._bulk_update(Service, self.changed_services)
            self._write_derived_rows()
            self.log.write()
            self.progress(done)
        if len(self.new_services) >= ANALYZE_AFTER:
            _analyze()
            search_index.cluster()

    def _write_derived_rows(self) -> None:
        """Terms and search rows (search_index) of the services written whose indexed values changed, and of the
        other services of the structures renamed (their search text holds the structure's name)."""
        indexed = set(Service.INDEXED)
        reindexed = [s for s, names in self.changed_services if any(_attname(n) in indexed for n in names)]
        search_index.save_services(self.new_services, fresh=True)
        for chunk in _batches(reindexed):
            search_index.save_services(chunk)
        renamed = [obj.pk for obj, names in self.changed_structures.values() if "name" in names]
        if renamed:
            written = {service.pk for service in self.new_services} | {s.pk for s, _ in self.changed_services}
            search_index.refresh_structures(renamed, renamed=True, skip=written)

    def _bulk_update(self, model: type[Structure] | type[Service], changes: list[tuple[Any, list[str]]]) -> int:
        by_fields: dict[tuple[str, ...], list[Any]] = {}
        for obj, changed_names in changes:
            obj.updated_at = self.now
            key = tuple(sorted([*changed_names, "updated_at"]))
            by_fields.setdefault(key, []).append(obj)
        for field_names, objects in by_fields.items():
            rows.update(model, objects, [_attname(name) for name in field_names])
        return len(changes)

    # --- duplicates across sources ---------------------------------------------------------------------

    def _duplicates(self, sources: set[str]) -> list[Duplicate]:
        items = self.cleaned.structures
        sirets = {p.fields["siret"] for p in items} - {""}
        phones = {p.fields["phone"] for p in items} - {""}
        communes = {p.fields["commune"].pk for p in items if p.fields["commune"] is not None}
        others = (
            Structure.objects.exclude(source__in=sources)
            .filter(Q(siret__in=sirets) | Q(phone__in=phones) | Q(commune_id__in=communes))
            .only("id", "name", "source", "siret", "phone", "commune_id")
        )
        index: dict[tuple[str, Any], list[Structure]] = {}
        for other in others:
            for key in (("siret", other.siret), ("phone", other.phone), ("name", (fold(other.name), other.commune_id))):
                if key[1] and key[1] != ("", None):
                    index.setdefault(key, []).append(other)
        duplicates = []
        for prepared in items:
            fields = prepared.fields
            commune_id = fields["commune"].pk if fields["commune"] is not None else None
            reasons: dict[int, list[str]] = {}
            found: dict[int, Structure] = {}
            keys = [
                (("siret", fields["siret"]), "même SIRET"),
                (("name", (fold(fields["name"]), commune_id)), "même nom et même commune"),
                (("phone", fields["phone"]), "même téléphone"),
            ]
            for key, reason in keys:
                for other in index.get(key, []) if key[1] else []:
                    found[other.pk] = other
                    reasons.setdefault(other.pk, []).append(reason)
            for pk, other in found.items():
                duplicates.append(
                    Duplicate(
                        prepared.record.where, fields["name"], pk, other.name, other.source, ", ".join(reasons[pk])
                    )
                )
        return duplicates


@lru_cache(maxsize=1024)
def _noon(day: datetime.date) -> datetime.datetime:
    """A file's date as a verification time (a file holds few distinct dates: computed once each)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class _Index:
    """Existing listings of the imported sources, by source id, by SIRET, by name + commune + phone."""

    def __init__(self, objects: list[Any], *, by_structure: bool) -> None:
        self.by_structure = by_structure
        self.by_id: dict[tuple[str, str], Any] = {}
        self.by_siret: dict[tuple[str, str], list[Any]] = {}
        self.by_name: dict[tuple[Any, ...], list[Any]] = {}
        self.used: set[int] = set()
        for obj in objects:
            if obj.source_id:
                self.by_id[(obj.source, obj.source_id)] = obj
            if getattr(obj, "siret", ""):
                self.by_siret.setdefault((obj.source, obj.siret), []).append(obj)
            self.by_name.setdefault(self._name_key(obj.source, obj.name, obj.commune_id, obj.phone, obj), []).append(
                obj
            )

    def _name_key(self, source: str, name: str, commune_id: int | None, phone: str, obj: Any = None) -> tuple[Any, ...]:
        structure = obj.structure_id if (self.by_structure and obj is not None) else None
        return (source, fold(name), commune_id, phone, structure)

    def match(self, prepared: Prepared, structure_pk: int | None = None) -> Any:
        fields = prepared.fields
        source, source_id = fields["source"], fields["source_id"]
        found = self.by_id.get((source, source_id)) if source_id else None
        if found is None:
            commune_id = fields["commune"].pk if fields["commune"] is not None else None
            key = (
                source,
                fold(fields["name"]),
                commune_id,
                fields["phone"],
                structure_pk if self.by_structure else None,
            )
            candidates = self.by_siret.get((source, fields.get("siret", "")), []) if fields.get("siret") else []
            candidates = candidates + self.by_name.get(key, [])
            # A listing that has its own id in the source is another record, not this one.
            found = next((c for c in candidates if c.pk not in self.used and (not c.source_id or not source_id)), None)
        if found is not None and found.pk in self.used:
            found = None
        if found is not None:
            self.used.add(found.pk)
        return found


def _analyze() -> None:
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (Structure, Service, ServiceTerm))
    # VACUUM also marks the new pages all-visible, so that the term filters become index-only scans (W1 17 -> 12
    # ms at 3,000 services); it can't run inside a transaction, where ANALYZE alone has to do.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {tables}")


def _batches(items: list[M]) -> list[list[M]]:
    return [items[start : start + BATCH] for start in range(0, len(items), BATCH)]
