"""The rows of a search's page as Service objects, read by the search's own statement (allervers.directory.search).

Apart from the search itself so that each stays readable: this is how a row becomes a model object, the search
is what it asks for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, connections
from django.db.models import Field, Model

from allervers.directory import rows
from allervers.directory.models import Service, Structure
from allervers.territories.models import Commune

SERVICE_TABLE = Service._meta.db_table
STRUCTURE_TABLE = Structure._meta.db_table
FETCH_CHUNK = 900  # bound parameters per statement, under SQLite's oldest limit (999)


class RowReader:
    """The page's rows as Service objects, read by the search's own statement rather than by a second query.

    Building model objects through the ORM (query compilation, Model.__init__ per row and per related row) cost
    more than the search itself. The objects are built by allervers.directory.rows, as Model.from_db would build
    them: every column of the service except search_text, its structure's name and its commune's code and name.
    A field left out is deferred, as with .only(): reading it still works (one query).
    """

    SKIPPED = frozenset({"search_text"})

    def __init__(self) -> None:
        self.service_fields = [f for f in Service._meta.concrete_fields if f.attname not in self.SKIPPED]
        self.structure_fields = [_concrete(Structure, name) for name in ("name",)]
        self.commune_fields = [_concrete(Commune, name) for name in ("id", "code", "name")]
        columns = [f"s.{f.column}" for f in self.service_fields]
        columns += [f"st.{f.column}" for f in self.structure_fields]
        columns += [f"c.{f.column}" for f in self.commune_fields]
        self.columns = ", ".join(columns)
        commune_table = Commune._meta.db_table
        self.joins = (
            f"JOIN {STRUCTURE_TABLE} st ON st.id = s.structure_id LEFT JOIN {commune_table} c ON c.id = s.commune_id"
        )
        self.service_names = [f.attname for f in self.service_fields]
        self.structure_key = self.service_names.index("structure_id")
        self.structure_names = [f.attname for f in self.structure_fields]
        self.commune_names = [f.attname for f in self.commune_fields]
        self._converters: dict[str, list[tuple[int, Any, list[Any]]]] = {}
        self.service_rows, self.structure_rows, self.commune_rows = (
            rows.Builder(Service),
            rows.Builder(Structure),
            rows.Builder(Commune),
        )
        self._structure_field = Service._meta.get_field("structure")
        self._commune_field = Service._meta.get_field("commune")

    def converters(self) -> list[tuple[int, Any, list[Any]]]:
        """The columns that need converting, with what the ORM would apply (JSON decoding, SQLite booleans, dates)."""
        vendor = connection.vendor
        if vendor not in self._converters:
            converters = []
            for index, f in enumerate([*self.service_fields, *self.structure_fields, *self.commune_fields]):
                column = f.get_col(f.model._meta.db_table)
                functions = [*connection.ops.get_db_converters(column), *f.get_db_converters(connection)]
                if functions:
                    converters.append((index, column, functions))
            self._converters[vendor] = converters
        return self._converters[vendor]

    def services(self, found: Sequence[Sequence[Any]], start: int) -> list[Service]:
        """Service objects from rows whose columns, from `start`, are self.columns."""
        # The converters read the connection's settings: hand them the connection itself, not the thread-local
        # proxy django.db.connection (each attribute read through it costs a lookup, about thirty a row).
        real = connections[connection.alias]
        converters = self.converters()
        values = [self._converted(row, start, real, converters) for row in found]
        alias = real.alias
        n_service, n_structure = len(self.service_names), len(self.structure_names)
        services = self.service_rows.loaded(self.service_names, [row[:n_service] for row in values], alias)
        structures = self.structure_rows.loaded(
            ["id", *self.structure_names],
            [(row[self.structure_key], *row[n_service : n_service + n_structure]) for row in values],
            alias,
        )
        # A service without a commune has its columns NULL (LEFT JOIN): the object made of them is dropped.
        communes = self.commune_rows.loaded(
            self.commune_names, [row[n_service + n_structure :] for row in values], alias
        )
        for service, structure, commune in zip(services, structures, communes, strict=True):
            self._structure_field.set_cached_value(service, structure)
            self._commune_field.set_cached_value(service, None if service.commune_id is None else commune)
        return services

    def _converted(
        self, row: Sequence[Any], start: int, real: Any, converters: list[tuple[int, Any, list[Any]]]
    ) -> list[Any]:
        values = list(row[start:])
        for index, column, functions in converters:
            value = values[index]
            if value is not None:  # every converter of these fields maps None to None
                for function in functions:
                    value = function(value, column, real)
                values[index] = value
        return values

    def fetch(self, cursor: Any, ids: list[int]) -> list[Service]:
        """The rows of these services, in this order (the open-now path ranks in Python first)."""
        by_id: dict[int, Service] = {}
        for start in range(0, len(ids), FETCH_CHUNK):  # the `keep` path reads every match
            chunk = ids[start : start + FETCH_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {self.columns} FROM {SERVICE_TABLE} s {self.joins} WHERE s.id IN ({marks})", chunk)  # noqa: S608
            by_id.update((service.pk, service) for service in self.services(cursor.fetchall(), 0))
        return [by_id[pk] for pk in ids if pk in by_id]


def _concrete(model: type[Model], name: str) -> Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, Field)
    return found


ROWS = RowReader()


class StructureReader:
    """Whole structures by key, each with its commune, in one statement and past the ORM's per-object work.

    The data·inclusion API nests a page's structures in its services: through the ORM (select_related), reading
    twenty of them cost eight times the statement itself, and as much as the search.
    """

    def __init__(self) -> None:
        self.structure_fields = list(Structure._meta.concrete_fields)
        self.commune_fields = list(Commune._meta.concrete_fields)
        columns = [f"st.{f.column}" for f in self.structure_fields] + [f"c.{f.column}" for f in self.commune_fields]
        self.statement = (
            f"SELECT {', '.join(columns)} FROM {STRUCTURE_TABLE} st "  # noqa: S608
            f"LEFT JOIN {Commune._meta.db_table} c ON c.id = st.commune_id WHERE st.id IN "
        )
        self.structure_names = [f.attname for f in self.structure_fields]
        self.commune_names = [f.attname for f in self.commune_fields]
        self.structure_rows, self.commune_rows = rows.Builder(Structure), rows.Builder(Commune)
        self._commune_field = Structure._meta.get_field("commune")
        self._converters: dict[str, list[tuple[int, Any, list[Any]]]] = {}

    def converters(self) -> list[tuple[int, Any, list[Any]]]:
        vendor = connection.vendor
        if vendor not in self._converters:
            self._converters[vendor] = [
                (index, column, functions)
                for index, f in enumerate([*self.structure_fields, *self.commune_fields])
                for column in [f.get_col(f.model._meta.db_table)]
                for functions in [[*connection.ops.get_db_converters(column), *f.get_db_converters(connection)]]
                if functions
            ]
        return self._converters[vendor]

    def fetch(self, ids: Sequence[int]) -> dict[int, Structure]:
        """The structures of these keys (those that exist), by key."""
        real = connections[connection.alias]
        converters, n_structure = self.converters(), len(self.structure_names)
        found: dict[int, Structure] = {}
        unique = list(dict.fromkeys(ids))
        with connection.cursor() as cursor:
            for start in range(0, len(unique), FETCH_CHUNK):
                chunk = unique[start : start + FETCH_CHUNK]
                cursor.execute(self.statement + f"({', '.join(['%s'] * len(chunk))})", chunk)
                values = [ROWS._converted(row, 0, real, converters) for row in cursor.fetchall()]
                structures = self.structure_rows.loaded(self.structure_names, [v[:n_structure] for v in values])
                communes = self.commune_rows.loaded(self.commune_names, [v[n_structure:] for v in values])
                for structure, commune in zip(structures, communes, strict=True):
                    self._commune_field.set_cached_value(structure, None if structure.commune_id is None else commune)
                    found[structure.pk] = structure
        return found


STRUCTURES = StructureReader()
