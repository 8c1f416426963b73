"""Reading import files into records in data·inclusion v1 vocabulary, each with its place in the file.

Accepted inputs (see docs/import-annuaire.md):
- data·inclusion v1 JSON: one file {"structures": [...], "services": [...]};
- data·inclusion v1 CSV: structures.csv and services.csv, given as a folder, a zip, or one of the two files
  (the other is looked for beside it);
- the coordinator template (CSV or XLSX), one row per service with its structure's columns repeated.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from allervers.directory.imports.report import RowError, Where

STRUCTURES_CSV, SERVICES_CSV = "structures.csv", "services.csv"
LIST_FIELDS = frozenset(
    {
        "thematiques",
        "thematiques_detaillees",
        "publics",
        "publics_detailles",
        "modes_accueil",
        "zone_eligibilite",
        "zone_eligibilite_detaillee",
        "reseaux_porteurs",
        "reseaux_porteurs_detailles",
        "modes_mobilisation",
        "mobilisable_par",
        "langues",
    }
)
BOOLEAN_FIELDS = frozenset({"adresse_confidentielle", "ouvert_24h"})
JSON_FIELDS = frozenset({"canaux"})
_TRUE = {"oui", "o", "true", "vrai", "1", "x", "yes"}
_FALSE = {"non", "n", "false", "faux", "0", "no"}


class FileFormatError(Exception):
    """The file can't be read at all (unknown format, missing companion file, broken JSON); French message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NamedFile:
    """A file's name and bytes: what the command reads from disk and what a web upload gives."""

    name: str
    content: bytes


@dataclass
class Record:
    where: Where
    data: dict[str, Any]
    # Record key -> column name as the file spells it, for error messages (template columns differ).
    columns: dict[str, str] = field(default_factory=dict)
    key: str = ""  # identity of a structure inside the file
    structure_key: str = ""  # for a service: the key of its structure

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


@dataclass
class Dataset:
    structures: list[Record] = field(default_factory=list)
    services: list[Record] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def files_from_path(path: Path) -> list[NamedFile]:
    """The file itself; every file of a folder or of a zip; a data·inclusion CSV with its companion."""
    if path.is_dir():
        return [NamedFile(child.name, child.read_bytes()) for child in sorted(path.iterdir()) if child.is_file()]
    if not path.exists():
        raise FileFormatError(f"Le fichier {path} n'existe pas.")
    if path.name in {STRUCTURES_CSV, SERVICES_CSV}:
        companion = path.with_name(SERVICES_CSV if path.name == STRUCTURES_CSV else STRUCTURES_CSV)
        if companion.exists() and not _is_template_csv(path.read_bytes()):
            return [NamedFile(p.name, p.read_bytes()) for p in sorted([path, companion])]
    return [NamedFile(path.name, path.read_bytes())]


def read_dataset(files: list[NamedFile]) -> Dataset:
    files = list(_unzipped(files))
    names = {file.name.rsplit("/", 1)[-1].lower(): file for file in files}
    if STRUCTURES_CSV in names and SERVICES_CSV in names and not _is_template_csv(names[SERVICES_CSV].content):
        return _read_datainclusion_csv(names[STRUCTURES_CSV], names[SERVICES_CSV])
    if len(files) != 1:
        raise FileFormatError(
            "Donnez un seul fichier (JSON, CSV ou XLSX), ou les deux fichiers structures.csv et services.csv."
        )
    file = files[0]
    suffix = file.name.lower().rsplit(".", 1)[-1]
    if suffix == "json":
        return _read_datainclusion_json(file)
    if suffix == "xlsx":
        return _template_dataset(file.name, _xlsx_rows(file))
    if suffix == "csv":
        if _is_template_csv(file.content):
            return _template_dataset(file.name, _csv_rows(file))
        raise FileFormatError(
            f"{file.name} n'est pas au format du modèle (colonne « structure_nom » absente). Pour un export "
            "data·inclusion en CSV, donnez les deux fichiers structures.csv et services.csv."
        )
    raise FileFormatError(f"Format de fichier non reconnu : {file.name} (attendu : .json, .csv, .xlsx ou .zip).")


def _template_dataset(name: str, rows: Iterator[tuple[int, dict[str, str | None]]]) -> Dataset:
    from allervers.directory.imports.template import records_from_rows

    return records_from_rows(name, rows)


def _unzipped(files: list[NamedFile]) -> Iterator[NamedFile]:
    for file in files:
        if not file.name.lower().endswith(".zip"):
            yield file
            continue
        try:
            archive = zipfile.ZipFile(io.BytesIO(file.content))
        except zipfile.BadZipFile as exc:
            raise FileFormatError(f"{file.name} n'est pas une archive zip lisible.") from exc
        with archive:
            for info in archive.infolist():
                if not info.is_dir():
                    yield NamedFile(info.filename, archive.read(info))


# --- data·inclusion ------------------------------------------------------------------------------------


def _read_datainclusion_json(file: NamedFile) -> Dataset:
    try:
        data = json.loads(file.content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileFormatError(f"{file.name} n'est pas un fichier JSON valide : {exc}.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("structures", []), list):
        raise FileFormatError(f'{file.name} : un objet JSON {{"structures": [...], "services": [...]}} est attendu.')
    dataset = Dataset()
    for kind, target in (("structures", dataset.structures), ("services", dataset.services)):
        for index, item in enumerate(data.get(kind) or []):
            where = Where(f"{file.name} ({kind})", index + 1, "élément")
            if not isinstance(item, dict):
                dataset.errors.append(RowError(where, "", "un objet JSON est attendu."))
                continue
            target.append(_datainclusion_record(where, item))
    return dataset


def _read_datainclusion_csv(structures: NamedFile, services: NamedFile) -> Dataset:
    dataset = Dataset()
    for file, target in ((structures, dataset.structures), (services, dataset.services)):
        for line, row in _csv_rows(file):
            where = Where(file.name, line)
            data: dict[str, Any] = {}
            for name, value in row.items():
                if value is not None:
                    try:
                        data[name] = parse_cell(name, value)
                    except ValueError as error:
                        dataset.errors.append(RowError(where, name, str(error)))
            target.append(_datainclusion_record(where, data))
    return dataset


def _datainclusion_record(where: Where, data: dict[str, Any]) -> Record:
    key = str(data.get("id") or "")
    return Record(where, data, key=key, structure_key=str(data.get("structure_id") or ""))


def parse_cell(name: str, value: str) -> Any:
    """A CSV cell as the value it stands for: lists, booleans and JSON by column name, else the text."""
    if name in LIST_FIELDS:
        return parse_list(value)
    if name in BOOLEAN_FIELDS:
        return parse_bool(value)
    if name in JSON_FIELDS:
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError("JSON invalide dans la cellule.") from exc
    return value


def parse_list(value: str) -> list[str]:
    """["a", "b"] (JSON, as our exports write), {a,b} (PostgreSQL), or a, b / a; b (by hand)."""
    text = value.strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError("liste JSON invalide.") from exc
        return [str(item).strip() for item in items if str(item).strip()]
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    separators = ";" if ";" in text else ","
    return [part.strip().strip('"') for part in text.replace("\n", separators).split(separators) if part.strip()]


def parse_bool(value: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE or not text:
        return False
    raise ValueError(f"« {value} » n'est pas une réponse oui/non.")


# --- tables --------------------------------------------------------------------------------------------


def _decode(file: NamedFile) -> str:
    try:
        return file.content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in French saves CSV in Windows-1252.
        return file.content.decode("cp1252")


def _is_template_csv(content: bytes) -> bool:
    first_line = content[:4000].decode("utf-8-sig", errors="replace").splitlines()[:1]
    return bool(first_line) and "structure_nom" in first_line[0]


def _csv_rows(file: NamedFile) -> Iterator[tuple[int, dict[str, str | None]]]:
    text = _decode(file)
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in next(reader, [])]
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (cell.strip() or None) for name, cell in zip(header, row, strict=False) if name}
        yield reader.line_num, cells


def _xlsx_rows(file: NamedFile) -> Iterator[tuple[int, dict[str, str | None]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(file.content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise FileFormatError(f"{file.name} n'est pas un classeur XLSX lisible.") from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    for line, row in enumerate(rows, start=2):
        cells = {name: _xlsx_text(name, cell) for name, cell in zip(header, row, strict=False) if name}
        if any(value for value in cells.values()):
            yield line, cells
    workbook.close()


def _xlsx_text(column: str, cell: Any) -> str | None:
    """A spreadsheet cell as the text a person typed: Excel turns codes and phone numbers into numbers."""
    if cell is None:
        return None
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, bool):
        return "oui" if cell else "non"
    if isinstance(cell, float) and cell.is_integer() and not column.endswith(("latitude", "longitude")):
        cell = int(cell)
    text = str(cell).strip()
    if isinstance(cell, int):
        if column.endswith(("code_postal", "code_insee")) and len(text) == 4:
            return "0" + text
        if "telephone" in column and len(text) == 9:
            return "0" + text
    return text or None
