"""What an import may change (the importer's scope) and what it did change (the listings' change log)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Field
from django.utils import timezone

from allervers.directory import rows as rows_writer
from allervers.directory.imports.actor import ImportActor
from allervers.directory.imports.cleaning import Prepared
from allervers.directory.imports.report import RowError
from allervers.directory.models import Service, Structure
from allervers.directory.tracking import ListingChange

# Fields recomputed from others: the log says what the file changed, as the edit pages' log does.
NOT_LOGGED = frozenset({"on_site", "search_text", "latitude", "longitude", "updated_at", "created_at"})
CREATED, UPDATED = "création par import", "modification par import"


def scope_errors(actor: ImportActor, existing: Structure | None, prepared: Prepared) -> list[RowError]:
    """The errors of a structure row that creates or changes a structure the importer may not edit."""
    commune = prepared.fields.get("commune")
    commune_id = commune.pk if commune is not None else None
    record = prepared.record
    where = actor.territory or "votre territoire"
    if existing is None:
        if actor.may_create(commune_id):
            return []
        if commune is None:
            message = "une structure sans commune (nationale) ne peut être créée que par une coordination nationale."
        else:
            message = f"{commune.name} ({commune.code}) est hors de {where} : vous ne pouvez pas y créer de structure."
        return [RowError(record.where, record.column("commune"), message)]
    if not actor.may_change(existing.pk, existing.commune_id):
        return [RowError(record.where, record.column("nom"), _not_yours(existing, where))]
    if commune_id != existing.commune_id and not actor.may_create(commune_id):
        place = f"{commune.name} ({commune.code})" if commune is not None else "aucune commune"
        message = f"cette ligne déplacerait « {existing.name} » vers {place}, hors de {where}."
        return [RowError(record.where, record.column("commune"), message)]
    return []


def moved_service_errors(actor: ImportActor, moved: Sequence[tuple[Prepared, int]]) -> list[RowError]:
    """Services matched by their source id under another structure: the structure they leave must be the
    importer's too (a file can't take a service away from a structure its author may not edit)."""
    if not moved:
        return []
    origins = {structure_id for _, structure_id in moved}
    structures = {s.pk: s for s in Structure.objects.filter(pk__in=origins).only("pk", "name", "commune_id")}
    errors = []
    for prepared, structure_id in moved:
        origin = structures.get(structure_id)
        if origin is not None and not actor.may_change(origin.pk, origin.commune_id):
            where = actor.territory or "votre territoire"
            record = prepared.record
            errors.append(RowError(record.where, record.column("id"), _not_yours(origin, where)))
    return errors


def _not_yours(structure: Structure, where: str) -> str:
    if structure.commune_id is None:
        return (
            f"cette ligne modifierait « {structure.name} » (fiche n° {structure.pk}), une fiche nationale : "
            "seule une coordination nationale peut la modifier."
        )
    return (
        f"cette ligne modifierait « {structure.name} » (fiche n° {structure.pk}), hors de {where} : "
        "seuls ses membres et la coordination de son territoire peuvent la modifier."
    )


class ChangeLog:
    """The change-log rows of an import, written with the listings (their keys are known only then)."""

    def __init__(self, actor: ImportActor, file_name: str) -> None:
        self.actor, self.file_name = actor, file_name[:255]
        self.entries: list[tuple[Structure | Service, str, dict[str, list[Any]]]] = []

    def created(self, obj: Structure | Service, prepared: Prepared) -> None:
        self.entries.append((obj, CREATED, {}))

    def updated(
        self,
        obj: Structure | Service,
        prepared: Prepared,
        names: list[str],
        before: Sequence[Any],
        after: Sequence[Any],
    ) -> None:
        changes = {
            name: [_plain(old), _plain(new)]
            for name, old, new in zip(names, before, after, strict=True)
            if old != new and name not in NOT_LOGGED
        }
        self.entries.append((obj, UPDATED, changes))

    def write(self) -> None:
        """One row per listing created or changed, appended by the bulk writer (bulk_create took a tenth of a
        30,000-service import preparing each field of each row)."""
        at = connection.ops.adapt_datetimefield_value(timezone.now())
        user, origin, file_name = self.actor.user_id, self.actor.origin, self.file_name
        empty = json.dumps({})
        rows = [
            (
                obj.structure_id if isinstance(obj, Service) else obj.pk,
                obj.pk if isinstance(obj, Service) else None,
                user,
                at,
                action,
                json.dumps(changes, ensure_ascii=False) if changes else empty,
                origin,
                file_name,
            )
            for obj, action, changes in self.entries
        ]
        meta = ListingChange._meta
        names = ["structure", "service", "user", "at", "action", "changes", "origin", "file_name"]
        columns = [connection.ops.quote_name(_column(name)) for name in names]
        with connection.cursor() as cursor:
            rows_writer.write_rows(cursor, connection.ops.quote_name(meta.db_table), columns, rows)


def _column(name: str) -> str:
    field = ListingChange._meta.get_field(name)
    assert isinstance(field, Field) and field.column
    return field.column


def _plain(value: Any) -> Any:
    """A value as JSON holds it: dates and times as ISO text, everything else as its text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return json.loads(json.dumps(value, default=str))
