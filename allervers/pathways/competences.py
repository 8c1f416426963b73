"""Import of the commune → competent unit table from CSV, all or nothing.

Columns (header required, comma or semicolon separated, UTF-8):
    competence   crip | parquet | forces-de-l-ordre | juge-des-contentieux-de-la-protection
    territoire   a commune (INSEE code, or name with postal code), an EPCI SIREN (9 digits) or a department code
    unite        the directory service acting as the unit: "source:identifiant" (e.g. demo-ain:crip-ain--crip)
                 or its number in the directory
    source       where the fact comes from (optional but recommended)

For each competence present in the file, the file replaces the whole table of that competence: re-importing the
same file changes nothing, and a unit removed from the file disappears from the table.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import transaction

from allervers.directory.models import Service
from allervers.pathways.enums import CompetenceKind
from allervers.pathways.models import CompetenceArea, CompetenceUpload
from allervers.territories.models import EPCI, Department
from allervers.territories.resolver import CommuneResolutionError, resolve_commune

COLUMNS = ("competence", "territoire", "unite", "source")


class CompetenceImportError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    rows: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    removed: int = 0


def _reader(text: str) -> csv.DictReader[str]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return csv.DictReader(io.StringIO(text), delimiter=delimiter)


def _zone_code(text: str) -> str:
    text = text.strip()
    if text.isdigit() and len(text) == 9:
        if not EPCI.objects.filter(siren=text).exists():
            raise ValueError(f"EPCI inconnu (SIREN {text})")
        return text
    if len(text) <= 3 and Department.objects.filter(code=text.upper()).exists():
        return text.upper()
    try:
        return resolve_commune(text).commune.code
    except CommuneResolutionError as error:
        raise ValueError(error.message) from error


def _service(reference: str) -> Service:
    reference = reference.strip()
    if reference.isdigit():
        service = Service.objects.filter(pk=int(reference)).first()
    elif ":" in reference:
        source, source_id = reference.split(":", 1)
        service = Service.objects.filter(source=source, source_id=source_id).first()
    else:
        service = None
    if service is None:
        raise ValueError(f"unité introuvable dans l'annuaire : « {reference} »")
    return service


class ZoneCheck(Protocol):
    """Who uploads: `covers_zone(code)` says whether a zone is theirs (a coordinator's scope)."""

    def covers_zone(self, code: str) -> bool: ...


class _Remembered:
    """A scope's answers, once per zone: a table repeats the same zones for every competence."""

    def __init__(self, scope: ZoneCheck) -> None:
        self.scope, self.answers = scope, dict[str, bool]()

    def covers_zone(self, code: str) -> bool:
        if code not in self.answers:
            self.answers[code] = self.scope.covers_zone(code)
        return self.answers[code]


def parse(text: str, scope: ZoneCheck | None = None) -> tuple[list[CompetenceArea], list[str]]:
    """Rows as competence areas, and every error with its line. With a scope, a row outside it is an error."""
    reader = _reader(text.lstrip("\ufeff"))
    areas: list[CompetenceArea] = []
    errors: list[str] = []
    try:
        missing = [column for column in COLUMNS[:3] if column not in (reader.fieldnames or [])]
        if missing:
            return [], [f"ligne 1 : colonnes manquantes : {', '.join(missing)} (attendu : {', '.join(COLUMNS)})"]
        _parse_rows(reader, scope, areas, errors)
    except csv.Error as error:
        errors.append(f"ligne {reader.line_num} : le fichier n'est pas un CSV lisible ({error}).")
    if not areas and not errors:
        errors.append("le fichier ne contient aucune ligne")
    return areas, errors


def _parse_rows(
    reader: csv.DictReader[str], scope: ZoneCheck | None, areas: list[CompetenceArea], errors: list[str]
) -> None:
    for line, row in enumerate(reader, start=2):
        try:
            area = _area(row)
        except ValueError as error:
            errors.append(f"ligne {line} : {error}")
            continue
        if scope is not None and not scope.covers_zone(area.zone_code):
            errors.append(f"ligne {line} : le territoire « {area.zone_code} » est hors de votre territoire.")
        areas.append(area)


def _area(row: dict[str, str]) -> CompetenceArea:
    if any(isinstance(value, str) and "\x00" in value for value in row.values()):
        raise ValueError("la ligne contient un caractère invalide (octet nul)")
    kind = (row.get("competence") or "").strip()
    if kind not in CompetenceKind.values:
        raise ValueError(f"compétence inconnue « {kind} » (attendu : {', '.join(CompetenceKind.values)})")
    if not (row.get("territoire") or "").strip():
        raise ValueError("territoire manquant")
    zone = _zone_code(row["territoire"])
    service = _service(row.get("unite") or "")
    return CompetenceArea(kind=kind, zone_code=zone, service=service, source=(row.get("source") or "").strip())


def import_competences(
    text: str, *, scope: ZoneCheck | None = None, user: Any = None, file_name: str = ""
) -> ImportReport:
    """Replace, for each competence of the file, its rows. With a scope (a coordinator's upload) every row must
    be inside it and only the rows inside it are replaced: another territory's table is never touched. Each
    upload is recorded (who, when, which file, how many rows)."""
    scope = _Remembered(scope) if scope is not None else None
    areas, errors = parse(text, scope)
    if errors:
        raise CompetenceImportError(errors)
    report = ImportReport()
    unique = {(a.kind, a.zone_code, a.service_id): a for a in areas}
    with transaction.atomic():
        kinds = {kind for kind, _, _ in unique}
        replaced = CompetenceArea.objects.filter(kind__in=kinds)
        if scope is not None:
            covered = {code for code in set(replaced.values_list("zone_code", flat=True)) if scope.covers_zone(code)}
            replaced = replaced.filter(zone_code__in=covered)
        report.removed, _ = replaced.delete()
        CompetenceArea.objects.bulk_create(unique.values())
        CompetenceUpload.objects.create(
            user=user, file_name=file_name[:255], rows=len(unique), removed=report.removed, kinds=sorted(kinds)
        )
    report.rows = len(unique)
    for kind, _, _ in unique:
        report.kinds[kind] = report.kinds.get(kind, 0) + 1
    return report
