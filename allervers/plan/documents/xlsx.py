"""All fiches of a plan as an XLSX workbook, and the same workbook read back (all or nothing).

The export is the import template: one row per fiche, columns named in French, structures by their name, dates as
dates, statuses as their labels. Extra fields of the plan's fiche template come last, under their label.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from allervers.common.spreadsheets import append_row
from allervers.directory.imports import limits
from allervers.directory.imports.records import FileFormatError as DirectoryFileError
from allervers.directory.imports.report import RowError, Where
from allervers.directory.models import Structure
from allervers.plan.enums import FicheStatus, Priority
from allervers.plan.forms import extra_formfield, extra_to_json
from allervers.plan.models import Action, FicheAction, Plan, TemplateField

SHEET = "Fiches"
NUMBER_RE = re.compile(r"^\d+(\.\d+)*$")
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    header: str
    attr: str
    width: int = 20


COLUMNS = [
    Column("Numéro", "number", 10),
    Column("Action", "action", 8),
    Column("Fiche parente", "parent", 12),
    Column("Intitulé", "title", 40),
    Column("Contexte", "context", 40),
    Column("Objectifs", "objectives", 40),
    Column("Description", "description", 60),
    Column("Publics visés", "target_publics", 30),
    Column("Territoire", "territory", 20),
    Column("Structures pilotes", "pilots", 30),
    Column("Structures partenaires", "partners", 30),
    Column("Élu référent (fonction)", "elected_referent", 25),
    Column("Début", "start_date", 12),
    Column("Échéance", "end_date", 12),
    Column("Statut", "status", 12),
    Column("Priorité", "priority", 10),
    Column("Pondération", "weight", 10),
]
PROGRESS_HEADER = "Avancement (%) — calculé, ignoré à l'import"
REQUIRED = ("Numéro", "Action", "Intitulé")


class FileFormatError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- export --------------------------------------------------------------------------------------------------


def export_fiches(plan: Plan) -> bytes:
    template_fields = _template_fields(plan)
    fiches = list(
        plan.fiches().in_plan_order().select_related("action__axis", "parent").prefetch_related("pilots", "partners")
    )
    progress = plan.fiches().progress_by_pk()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    headers = [c.header for c in COLUMNS] + [f.label for f in template_fields] + [PROGRESS_HEADER]
    append_row(sheet, headers)
    for fiche in fiches:
        row = [_export_value(fiche, column.attr) for column in COLUMNS]
        row += [fiche.extra_values.get(f.key) for f in template_fields]
        row.append(progress.get(fiche.pk, 0))
        append_row(sheet, row)
    _style(sheet, [c.width for c in COLUMNS] + [25] * len(template_fields) + [14])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export_value(fiche: FicheAction, attr: str) -> Any:
    if attr == "action":
        return fiche.action.code
    if attr == "parent":
        return fiche.parent.number if fiche.parent else None
    if attr in {"pilots", "partners"}:
        return f"{LIST_SEPARATOR} ".join(s.name for s in getattr(fiche, attr).all()) or None
    if attr == "status":
        return fiche.get_status_display()
    if attr == "priority":
        return fiche.get_priority_display()
    return getattr(fiche, attr) if getattr(fiche, attr) != "" else None


def _style(sheet: Any, widths: list[int]) -> None:
    header_fill = PatternFill("solid", fgColor="000091")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "B2"


def _template_fields(plan: Plan) -> list[TemplateField]:
    return list(plan.template.fields.all()) if plan.template else []


# --- import --------------------------------------------------------------------------------------------------


@dataclass
class FicheImportReport:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary_lines(self) -> list[str]:
        if self.errors:
            return [f"Import refusé : {len(self.errors)} erreur(s), rien n'a été écrit."] + [
                str(error) for error in self.errors
            ]
        return [
            f"Import terminé : {self.created} fiche(s) créée(s), {self.updated} mise(s) à jour, "
            f"{self.unchanged} inchangée(s)."
        ]


@dataclass
class ParsedRow:
    where: Where
    values: dict[str, Any]
    extra: dict[str, Any]


def import_fiches(plan: Plan, name: str, content: bytes) -> FicheImportReport:
    """Read the workbook; write nothing unless every row is valid."""
    report = FicheImportReport()
    rows = list(_read_rows(name, content))
    parser = _RowParser(plan, name)
    parsed = [parser.parse(line, cells, report.errors) for line, cells in rows]
    parser.check_tree(parsed, report.errors)
    if report.errors:
        return report
    with transaction.atomic():
        _write(plan, parsed, parser, report)
    return report


def _read_rows(name: str, content: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        # The directory import's checks: zip limits, inflated sizes, no DTD, before openpyxl opens anything.
        limits.check_workbook(content)
    except DirectoryFileError as exc:
        raise FileFormatError(f"{name} : {exc.message}") from exc
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileFormatError(f"{name} n'est pas un classeur XLSX lisible.") from exc
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(iterator, ())]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        workbook.close()
        raise FileFormatError(
            f"{name}, ligne 1 : colonne(s) absente(s) : {', '.join(f'« {h} »' for h in missing)}. "
            "Partez du classeur exporté depuis le plan."
        )
    rows = []
    for line, row in enumerate(iterator, start=2):
        cells = {h: _clean(cell) for h, cell in zip(header, row, strict=False) if h}
        if any(value is not None for value in cells.values()):
            rows.append((line, cells))
    workbook.close()
    return rows


def _clean(cell: Any) -> Any:
    if isinstance(cell, str):
        return cell.strip() or None
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


def _choice(choices: type[FicheStatus] | type[Priority], label: str) -> Callable[[Any], str]:
    by_text = {str(c.label).lower(): c.value for c in choices} | {c.value: c.value for c in choices}

    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in by_text:
            allowed = ", ".join(str(c.label) for c in choices)
            raise ValidationError(f"{label} inconnu(e) « {value} » : valeurs possibles : {allowed}.")
        return by_text[text]

    return parse


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(f"date invalide « {text} » (attendu : JJ/MM/AAAA).")


def _weight(value: Any) -> int:
    if not isinstance(value, int) or value < 0:
        raise ValidationError(f"nombre entier positif attendu, pas « {value} ».")
    return value


class _RowParser:
    def __init__(self, plan: Plan, name: str) -> None:
        self.plan, self.name = plan, name
        self.actions = {a.code: a for a in Action.objects.filter(axis__plan=plan).select_related("axis")}
        self.existing = {f.number: f for f in plan.fiches().select_related("action__axis")}
        self.template_fields = _template_fields(plan)
        self.structures: dict[str, list[Structure]] = {}
        for structure in Structure.objects.only("pk", "name"):
            self.structures.setdefault(structure.name.casefold(), []).append(structure)
        self.parsers: dict[str, Callable[[Any], Any]] = {
            "status": _choice(FicheStatus, "statut"),
            "priority": _choice(Priority, "priorité"),
            "start_date": _date,
            "end_date": _date,
            "weight": _weight,
            "pilots": self._structures,
            "partners": self._structures,
            "number": self._number,
            "action": self._action,
            "parent": self._number,
        }

    def parse(self, line: int, cells: dict[str, Any], errors: list[RowError]) -> ParsedRow:
        where = Where(self.name, line)
        values: dict[str, Any] = {}
        for column in COLUMNS:
            if column.header not in cells:
                continue
            raw = cells[column.header]
            if raw is None:
                if column.header in REQUIRED:
                    errors.append(RowError(where, column.header, "champ obligatoire."))
                values[column.attr] = None
                continue
            try:
                values[column.attr] = self.parsers.get(column.attr, str)(raw)
            except ValidationError as error:
                errors.extend(RowError(where, column.header, message) for message in error.messages)
        extra = {}
        for template_field in self.template_fields:
            if template_field.label not in cells:
                continue
            raw = cells[template_field.label]
            try:
                extra[template_field.key] = extra_to_json(extra_formfield(template_field).clean(raw))
            except ValidationError as error:
                errors.extend(RowError(where, template_field.label, message) for message in error.messages)
        return ParsedRow(where, values, extra)

    def check_tree(self, rows: list[ParsedRow], errors: list[RowError]) -> None:
        seen: dict[str, ParsedRow] = {}
        for row in rows:
            number, parent = row.values.get("number"), row.values.get("parent")
            if number and number in seen:
                errors.append(
                    RowError(
                        row.where,
                        "Numéro",
                        f"le numéro {number} figure déjà {seen[number].where.unit} {seen[number].where.line}.",
                    )
                )
            elif number:
                seen[number] = row
            start, end = row.values.get("start_date"), row.values.get("end_date")
            if start and end and end < start:
                errors.append(RowError(row.where, "Échéance", "l'échéance précède le début."))
        for row in rows:
            parent = row.values.get("parent")
            if not parent:
                continue
            if parent == row.values.get("number"):
                errors.append(RowError(row.where, "Fiche parente", "une fiche ne peut pas être sa propre parente."))
            elif parent not in seen and parent not in self.existing:
                errors.append(RowError(row.where, "Fiche parente", f"aucune fiche n° {parent} dans le plan."))
            else:
                parent_action = seen[parent].values.get("action") if parent in seen else self.existing[parent].action
                if parent_action and row.values.get("action") and parent_action != row.values["action"]:
                    errors.append(
                        RowError(row.where, "Fiche parente", f"la fiche {parent} appartient à une autre action.")
                    )

    def _number(self, value: Any) -> str:
        text = str(value).strip()
        if not NUMBER_RE.match(text):
            raise ValidationError(f"numéro invalide « {text} » (attendu : des nombres séparés par des points, 2.1.3).")
        return text

    def _action(self, value: Any) -> Action:
        code = str(value).strip()
        if code not in self.actions:
            known = ", ".join(sorted(self.actions)) or "aucune"
            raise ValidationError(f"action « {code} » absente du plan (actions du plan : {known}).")
        return self.actions[code]

    def _structures(self, value: Any) -> list[Structure]:
        found, problems = [], []
        for name in (part.strip() for part in str(value).split(LIST_SEPARATOR)):
            if not name:
                continue
            matches = self.structures.get(name.casefold(), [])
            if len(matches) == 1:
                found.append(matches[0])
            elif matches:
                problems.append(f"plusieurs structures de l'annuaire s'appellent « {name} ».")
            else:
                problems.append(f"structure « {name} » absente de l'annuaire.")
        if problems:
            raise ValidationError(problems)
        return found


def _write(plan: Plan, rows: list[ParsedRow], parser: _RowParser, report: FicheImportReport) -> None:
    fiches: dict[str, FicheAction] = dict(parser.existing)
    for row in rows:
        values = row.values
        number = values["number"]
        fiche = fiches.get(number) or FicheAction(number=number)
        created = fiche.pk is None
        before = _snapshot(fiche) if not created else None
        for attr, value in values.items():
            if attr in {"pilots", "partners", "parent", "number"}:
                continue
            setattr(fiche, attr, value if value is not None else _empty(attr))
        fiche.extra_values = _merged_extra(fiche.extra_values, row.extra)
        fiche.save()
        for attr in ("pilots", "partners"):
            if attr in values:
                getattr(fiche, attr).set(values[attr] or [])
        fiches[number] = fiche
        if created:
            report.created += 1
        elif before != _snapshot(fiche):
            report.updated += 1
        else:
            report.unchanged += 1
    for row in rows:
        if "parent" in row.values:
            fiche = fiches[row.values["number"]]
            parent = fiches.get(row.values["parent"]) if row.values["parent"] else None
            if fiche.parent_id != (parent.pk if parent else None):
                fiche.parent = parent
                fiche.save(update_fields=["parent", "updated_at"])


def _merged_extra(current: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """New values over the current ones; an empty cell doesn't add an empty key to a fiche without one."""
    merged = dict(current)
    for key, value in new.items():
        if value in ("", None) and key not in current:
            continue
        merged[key] = value
    return merged


def _empty(attr: str) -> Any:
    field = FicheAction._meta.get_field(attr)
    if attr == "status":
        return FicheStatus.PLANNED
    if attr == "priority":
        return Priority.MEDIUM
    if attr == "weight":
        return 1
    return None if field.null else ""


def _snapshot(fiche: FicheAction) -> tuple[Any, ...]:
    simple = tuple(
        getattr(fiche, c.attr if c.attr != "action" else "action_id")
        for c in COLUMNS
        if c.attr not in {"pilots", "partners", "parent"}
    )
    pilots = tuple(sorted(fiche.pilots.values_list("pk", flat=True)))
    partners = tuple(sorted(fiche.partners.values_list("pk", flat=True)))
    return (*simple, pilots, partners, tuple(sorted(fiche.extra_values.items(), key=lambda i: i[0])))
