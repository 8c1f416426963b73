"""Matching prepared records with the listings already there, then writing them in bulk, in one transaction.

Identity, within a source: the source's id; else the SIRET; else the normalised name with the commune and the
phone (for a service: within its structure). Listings of other sources are never updated, only reported as
likely duplicates. Status is set when a listing is created; an update leaves it (a suspended listing stays so).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Field, ForeignKey, Model, Q
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from allervers.common.text import fold
from allervers.directory import search_index
from allervers.directory.enums import ListingStatus
from allervers.directory.imports.actor import ImportActor
from allervers.directory.imports.changes import ChangeLog, moved_service_errors, scope_errors
from allervers.directory.imports.cleaning import Cleaned, Prepared
from allervers.directory.imports.report import Counts, Duplicate, ImportReport
from allervers.directory.models import Service, ServiceTerm, Structure

DERIVED = ("on_site", "search_text", "latitude", "longitude")
BATCH = 1000
# PostgreSQL plans the search from table statistics: after a large import, refresh them at once rather than
# wait for autovacuum (a nested loop planned for an "empty" table turns a 5 ms search into seconds).
ANALYZE_AFTER = 1000
M = TypeVar("M", Structure, Service)


def _attname(name: str) -> str:
    return f"{name}_id" if name in {"commune", "structure"} else name


class _Builder:
    """Model objects built without Model.__init__, which took a third of an import's time.

    The object gets what the constructor would give it: a fresh state, every field's value or default, and a
    related object set through its key with the object cached (what the relation's descriptor does for a
    foreign key). Falls back on the constructor when a pre_init/post_init receiver listens to the model.
    """

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        fields = list(model._meta.concrete_fields)
        # A foreign key's column holds the related object's key (its target field).
        self.relations = {f.name: (f.attname, f.target_field.attname) for f in fields if isinstance(f, ForeignKey)}
        self.names = {f.name for f in fields} | {f.attname for f in fields}
        self.constructor = (
            pre_init.has_listeners(model)
            or post_init.has_listeners(model)
            or any(f.is_relation and not isinstance(f, ForeignKey) for f in fields)
        )
        # A default that is a fresh object each time (default=list) is made for each object; others once.
        self.constants: dict[str, Any] = {}
        self.factories: dict[str, Field[Any, Any]] = {}
        for f in fields:
            default = f.get_default()
            if isinstance(default, (str, int, float, bool, datetime.date, type(None))):
                self.constants[f.attname] = default
            else:
                self.factories[f.attname] = f

    def new(self, values: dict[str, Any]) -> Any:
        """An object to insert, as model(**values) makes it."""
        if self.constructor or not values.keys() <= self.names:
            return self.model(**values)
        obj = self.model.__new__(self.model)
        state = obj._state = ModelState()
        data = obj.__dict__
        data.update(self.constants)
        for attname, field in self.factories.items():
            data[attname] = field.get_default()
        self._set(obj, data, state, values)
        return obj

    def loaded(self, attnames: list[str], rows: Iterable[tuple[Any, ...]]) -> list[Any]:
        """Objects of rows read from the database (every concrete field), as the queryset's iteration makes them."""
        if self.constructor or len(attnames) != len(self.model._meta.concrete_fields):
            raise ValueError("every concrete field is needed")
        objects = []
        alias = connection.alias
        new = self.model.__new__
        for row in rows:
            obj = new(self.model)
            state = obj._state = ModelState()
            state.adding, state.db = False, alias
            obj.__dict__.update(zip(attnames, row, strict=True))
            objects.append(obj)
        return objects

    def assign(self, obj: Any, values: dict[str, Any]) -> None:
        """setattr(obj, name, value) for each value, without going through a foreign key's descriptor."""
        self._set(obj, obj.__dict__, obj._state, values)

    def _set(self, obj: Any, data: dict[str, Any], state: ModelState, values: dict[str, Any]) -> None:
        relations = self.relations
        for name, value in values.items():
            relation = relations.get(name)
            if relation is None:
                data[name] = value
            else:
                data[relation[0]] = None if value is None else getattr(value, relation[1])
                state.fields_cache[name] = value


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
        builder = _Builder(Structure)
        existing = _Index(_load(builder, Structure.objects.filter(source__in=sources)), by_structure=False)
        for prepared in self.cleaned.structures:
            obj = existing.match(prepared)
            report.errors += scope_errors(self.actor, obj, prepared)
            self.structures[id(prepared)] = self._apply(builder, obj, prepared, report.structures, [])
        builder = _Builder(Service)
        services = _Index(_load(builder, Service.objects.filter(source__in=sources)), by_structure=True)
        moved: list[tuple[Prepared, int]] = []  # services matched under another structure, with their own
        for prepared in self.cleaned.services:
            assert prepared.structure is not None
            structure = self.structures[id(prepared.structure)]
            prepared.fields["structure"] = structure
            obj = services.match(prepared, structure.pk)
            if obj is not None and obj.structure_id != structure.pk:
                moved.append((prepared, obj.structure_id))
            self._apply(builder, obj, prepared, report.services, list(DERIVED))
        report.errors += moved_service_errors(self.actor, moved)
        report.duplicates = self._duplicates(sources)

    def _apply(self, builder: _Builder, obj: Any, prepared: Prepared, counts: Counts, derived: list[str]) -> Any:
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
                _insert(Structure, structures, self.now)
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
                _insert(Service, services, self.now)
                done += len(services)
                self.progress(done)
            done += self._bulk_update(Service, self.changed_services)
            changed_services = [service for service, _ in self.changed_services]
            for chunk in _batches(changed_services):
                ServiceTerm.objects.rebuild_for(chunk)
            ServiceTerm.objects.insert_for(self.new_services)
            touched = self.new_services + changed_services
            self._refresh_renamed_structures({service.pk for service in touched})
            search_index.replace(self.new_services, fresh=True)
            search_index.replace(changed_services)
            self.log.write()
            self.progress(done)
        if len(self.new_services) >= ANALYZE_AFTER:
            _analyze()
            search_index.cluster()

    def _bulk_update(self, model: type[Structure] | type[Service], changes: list[tuple[Any, list[str]]]) -> int:
        by_fields: dict[tuple[str, ...], list[Any]] = {}
        for obj, changed_names in changes:
            obj.updated_at = self.now
            key = tuple(sorted([*changed_names, "updated_at"]))
            by_fields.setdefault(key, []).append(obj)
        for field_names, objects in by_fields.items():
            _update(model, objects, [_attname(name) for name in field_names])
        return len(changes)

    def _refresh_renamed_structures(self, written: set[int]) -> None:
        """A service's search text holds its structure's name: refresh the services the file didn't list."""
        renamed = [obj.pk for obj, names in self.changed_structures.values() if "name" in names]
        if not renamed:
            return
        services = list(
            Service.objects.filter(structure_id__in=renamed)
            .exclude(pk__in=written)
            .select_related("structure", "commune")
        )
        for service in services:
            service.refresh_derived()
        _update(Service, services, ["search_text"])
        search_index.replace(services)

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


def _load(builder: _Builder, queryset: Any) -> list[Any]:
    """The queryset's objects, read as rows (the ORM's own per-object work doubled a re-import's time)."""
    attnames = [f.attname for f in builder.model._meta.concrete_fields]
    if builder.constructor:
        return list(queryset)
    return builder.loaded(attnames, queryset.values_list(*attnames))


# Raw statements rather than bulk_create/bulk_update: the ORM spent most of an import preparing values field by
# field (about 1 ms a service); here only JSON, dates and times go through the database adapters.


def _converters(model: type[Model], names: list[str]) -> list[Callable[[Any], Any]]:
    converters: list[Callable[[Any], Any]] = []
    for name in names:
        field = model._meta.get_field(name)
        kind = field.get_internal_type() if isinstance(field, Field) else ""
        if kind == "JSONField":
            converters.append(partial(_adapt_json, field, connection.ops))
        elif kind in {"DateTimeField", "DateField"} and isinstance(field, Field):
            converters.append(_Memo(partial(_adapt, field, connection)))
        else:
            converters.append(_same)
    return converters


def _adapt(field: Field[Any, Any], db: Any, value: Any) -> Any:
    return field.get_db_prep_save(value, db)


_JSON_TYPES = (list, dict, str, int, float, bool)


def _adapt_json(field: Any, ops: Any, value: Any) -> Any:
    """What JSONField.get_db_prep_save gives for plain JSON values, without its three layers of calls."""
    if value is None:
        return None
    if type(value) in _JSON_TYPES:
        return ops.adapt_json_value(value, field.encoder)
    return field.get_db_prep_save(value, connection)


class _Memo:
    """Dates and times repeat across a batch (the import's own time, a file's few dates): adapt each once."""

    def __init__(self, adapt: Callable[[Any], Any]) -> None:
        self.adapt, self.done = adapt, dict[Any, Any]()

    def __call__(self, value: Any) -> Any:
        try:
            return self.done[value]
        except KeyError:
            adapted = self.done[value] = self.adapt(value)
            return adapted
        except TypeError:  # not hashable
            return self.adapt(value)


def _same(value: Any) -> Any:
    return value


def _row_values(model: type[Model], names: list[str]) -> Callable[[Any], list[Any]]:
    """An object's values for these attnames as the database takes them (only JSON, dates and times adapted)."""
    converters = _converters(model, names)
    adapted = [(index, convert) for index, convert in enumerate(converters) if convert is not _same]
    get = itemgetter(*names) if len(names) > 1 else (lambda data: (data[names[0]],))

    def row_values(obj: Any) -> list[Any]:
        values = list(get(obj.__dict__))
        for index, convert in adapted:
            values[index] = convert(values[index])
        return values

    return row_values


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column
    return connection.ops.quote_name(field.column)


def _insert(model: type[M], objects: list[M], now: datetime.datetime) -> None:
    """One multi-row INSERT … RETURNING id per batch (SQLite 3.35+ and PostgreSQL): objects get their keys."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    row_values = _row_values(model, names)
    quote = connection.ops.quote_name
    columns = ", ".join(_column(model, f.name) for f in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    if connection.vendor == "postgresql":
        _copy(model, objects, now, names, row_values)
        return
    per_statement = max(1, min(connection.ops.bulk_batch_size(fields, objects), 30_000 // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            chunk = objects[start : start + per_statement]
            params: list[Any] = []
            for obj in chunk:
                obj.created_at = obj.updated_at = now
                params += row_values(obj)
            sql = (
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([row_marks] * len(chunk))} RETURNING {_column(model, 'id')}"
            )
            cursor.execute(sql, params)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding, obj._state.db = False, connection.alias


def _copy(
    model: type[M], objects: list[Any], now: datetime.datetime, names: list[str], row_values: Callable[[Any], list[Any]]
) -> None:
    """PostgreSQL: keys drawn from the table's sequence in one query, then the rows streamed by COPY.

    psycopg parses a multi-row INSERT's placeholders in Python on every execution (seconds for a few thousand
    rows of forty columns); COPY sends the values without any statement to parse.
    """
    quote = connection.ops.quote_name
    table = model._meta.db_table
    columns = ", ".join([_column(model, "id"), *(_column(model, name) for name in names)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(objects)]
        )
        keys = sorted(row[0] for row in cursor.fetchall())
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for obj, key in zip(objects, keys, strict=True):
                obj.created_at = obj.updated_at = now
                values: list[Any] = row_values(obj)
                copy.write_row([key, *values])
    for saved, pk in zip(objects, keys, strict=True):
        saved.pk = pk
        saved._state.adding, saved._state.db = False, connection.alias


def _update(model: type[Structure] | type[Service], objects: list[Any], names: list[str]) -> None:
    """One UPDATE executed for many rows (executemany), all with the same changed columns."""
    quote = connection.ops.quote_name
    row_values = _row_values(model, names)
    columns = [_column(model, name) for name in names]
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{column} = %s' for column in columns)} "  # noqa: S608
        f"WHERE {_column(model, 'id')} = %s"
    )
    rows = [[*row_values(obj), obj.pk] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


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
