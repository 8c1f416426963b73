"""Model rows in bulk, past the ORM's per-object work: the one place where the directory bypasses it for speed.

Two halves. `Builder` turns values into model instances without Model.__init__ (which took a third of an
import's time, and more than the search's own statement for a page of results): the instances are what the
constructor or Model.from_db would give, and it falls back on them when a pre_init/post_init receiver listens
to the model, or when a model has something the shortcut does not reproduce. tests/directory/test_rows.py
compares its instances field by field with the ORM's.

The writers send rows without the ORM's per-field preparation (about 1 ms a service for bulk_create and
bulk_update): `insert` gives objects their keys (a multi-row INSERT … RETURNING on SQLite, keys from the
sequence then COPY on PostgreSQL), `update` is one executemany, `write_rows` appends plain rows to a table
of declared columns (COPY on PostgreSQL, whose executemany is one round trip a row; executemany on SQLite).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from operator import itemgetter
from typing import Any, TypeVar

from django.db import connection, router
from django.db.models import Field, ForeignKey, Model
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

M = TypeVar("M", bound=Model)
# A model may define this method: the builder calls it on each instance loaded, as the model's from_db does.
LOADED_HOOK = "remember_indexed"


class Builder:
    """Instances of one model, as model(**values) and model.from_db(...) make them, without Model.__init__.

    A new object gets a fresh state, every field's value or default, and a related object set through its key
    with the object cached (what a foreign key's descriptor does). A loaded object gets the values read, the
    fields left out deferred (as with .only()), and the model's LOADED_HOOK called.
    """

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        fields = list(model._meta.concrete_fields)
        self.concrete = [f.attname for f in fields]
        # A foreign key's column holds the related object's key (its target field).
        self.relations = {f.name: (f.attname, f.target_field.attname) for f in fields if isinstance(f, ForeignKey)}
        self.names = {f.name for f in fields} | {f.attname for f in fields}
        self.unsupported = any(f.is_relation and not isinstance(f, ForeignKey) for f in fields)
        self.hook: Callable[[Any], None] | None = getattr(model, LOADED_HOOK, None)
        # A default that is a fresh object each time (default=list) is made for each object; others once.
        self.constants: dict[str, Any] = {}
        self.factories: dict[str, Field[Any, Any]] = {}
        for f in fields:
            default = f.get_default()
            if isinstance(default, (str, int, float, bool, datetime.date, type(None))):
                self.constants[f.attname] = default
            else:
                self.factories[f.attname] = f

    @property
    def constructor(self) -> bool:
        """Whether to go through the constructor: asked for each batch, so that a receiver connected later counts."""
        return self.unsupported or pre_init.has_listeners(self.model) or post_init.has_listeners(self.model)

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

    def loaded(self, attnames: Sequence[str], rows: Iterable[Sequence[Any]], alias: str | None = None) -> list[Any]:
        """Objects of rows read from the database (values already converted), as model.from_db makes them.

        `attnames` name the rows' columns, in any order; the concrete fields they leave out are deferred."""
        alias = alias or connection.alias
        if self.constructor:
            return [self._from_db(attnames, row, alias) for row in rows]
        model, hook = self.model, self.hook
        new = model.__new__
        objects = []
        for row in rows:
            obj = new(model)
            state = obj._state = ModelState()
            state.adding, state.db = False, alias
            obj.__dict__.update(zip(attnames, row, strict=True))
            if hook is not None:
                hook(obj)
            objects.append(obj)
        return objects

    def _from_db(self, attnames: Sequence[str], row: Sequence[Any], alias: str) -> Any:
        # from_db takes the values in the order of the concrete fields.
        values = dict(zip(attnames, row, strict=True))
        names = [name for name in self.concrete if name in values]
        return self.model.from_db(alias, names, [values[name] for name in names])

    def assign(self, obj: Any, values: dict[str, Any]) -> None:
        """setattr(obj, name, value) for each value, without going through a foreign key's descriptor."""
        self._set(obj, obj.__dict__, obj._state, values)

    def _set(self, obj: Any, data: dict[str, Any], state: ModelState, values: dict[str, Any]) -> None:
        relations = self.relations
        for name, value in values.items():
            relation = relations.get(name)
            if relation is None:
                data[name] = value
                continue
            state.fields_cache[name] = value
            if value is None:
                data[relation[0]] = None
                continue
            data[relation[0]] = getattr(value, relation[1])
            # What the descriptor does: each object goes to the other's database.
            if state.db is None:
                state.db = router.db_for_write(self.model, instance=value)
            if value._state.db is None:
                value._state.db = router.db_for_write(type(value), instance=obj)


def load(model: type[M], queryset: Any) -> list[M]:
    """Every object of the queryset (all concrete fields), read as rows: the ORM's per-object work doubled a
    re-import's time."""
    builder = Builder(model)
    if builder.constructor:
        return list(queryset)
    return builder.loaded(builder.concrete, queryset.values_list(*builder.concrete))


# --- writers ------------------------------------------------------------------------------------------------


def write_rows(cursor: Any, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Append rows (values the database adapters take as they are) to a table, in the order of `columns`.

    Rows are computed before: a connection can't run a query while a COPY is open."""
    if not rows:
        return
    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        # psycopg's executemany is one round trip a row: COPY streams them all at once.
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def delete_rows(cursor: Any, tables: Iterable[str], column: str, ids: list[int], chunk: int = 500) -> None:
    """DELETE the rows of these tables whose `column` is one of `ids`, a chunk of ids at a time."""
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        marks = ", ".join(["%s"] * len(part))
        for table in tables:
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", part)  # noqa: S608


def insert(model: type[M], objects: list[M], now: datetime.datetime) -> None:
    """Insert new objects, created and updated `now`, and give them their keys: one multi-row INSERT …
    RETURNING id per batch on SQLite (3.35+), keys drawn from the sequence then COPY on PostgreSQL."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    row_values = _row_values(model, names)
    if connection.vendor == "postgresql":
        _copy(model, objects, now, names, row_values)
        return
    quote = connection.ops.quote_name
    columns = ", ".join(_column(model, f.name) for f in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, min(connection.ops.bulk_batch_size(fields, objects), 30_000 // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            chunk = objects[start : start + per_statement]
            params: list[Any] = []
            for obj in chunk:
                obj.__dict__["created_at"] = obj.__dict__["updated_at"] = now
                params += row_values(obj)
            sql = (
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([row_marks] * len(chunk))} RETURNING {_column(model, 'id')}"
            )
            cursor.execute(sql, params)
            _saved(chunk, [pk for (pk,) in cursor.fetchall()])


def _copy(
    model: type[M], objects: list[M], now: datetime.datetime, names: list[str], row_values: Callable[[Any], list[Any]]
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
                obj.__dict__["created_at"] = obj.__dict__["updated_at"] = now
                copy.write_row([key, *row_values(obj)])
    _saved(objects, keys)


def _saved(objects: list[Any], keys: list[int]) -> None:
    alias = connection.alias
    for obj, pk in zip(objects, keys, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, alias


def update(model: type[M], objects: list[M], names: list[str]) -> None:
    """One UPDATE executed for many rows (executemany), all with the same changed columns (attnames)."""
    if not objects:
        return
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


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column
    return connection.ops.quote_name(field.column)


# Only JSON, dates and times go through the database adapters; the other values are taken as they are.


def _row_values(model: type[Model], names: list[str]) -> Callable[[Any], list[Any]]:
    """An object's values for these attnames as the database takes them."""
    converters = _converters(model, names)
    adapted = [(index, convert) for index, convert in enumerate(converters) if convert is not _same]
    get = itemgetter(*names) if len(names) > 1 else (lambda data: (data[names[0]],))

    def row_values(obj: Any) -> list[Any]:
        values = list(get(obj.__dict__))
        for index, convert in adapted:
            values[index] = convert(values[index])
        return values

    return row_values


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
