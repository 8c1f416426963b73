"""Reading import files into records in data·inclusion v1 vocabulary, each with its place in the file.

Accepted inputs (see docs/import-annuaire.md):
- data·inclusion v1 JSON: one file {"structures": [...], "services": [...]};
- data·inclusion v1 CSV: structures.csv and services.csv, given as a folder, a zip, or one of the two files
  (the other is looked for beside it);
- the coordinator template (CSV or XLSX), one row per service with its structure's columns repeated;
- the pages of data·inclusion's API (/services, /structures, /search/services), one a JSON file (datainclusion_api);
- an Open Referral HSDS 3.0 data package, its CSV tables in a folder or a zip (hsds_package).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from data_inclusion.schema import v1 as di

from allervers.directory.imports import datainclusion_api, hsds_package, limits, tables
from allervers.directory.imports.cells import (
    BOOLEAN_FIELDS,
    CONTAINERS,
    JSON_FIELDS,
    LIST_FIELDS,
    NumberError,
    channels_shape,
    forbidden_in,
    json_loads,
    parse_bool,
    parse_cell,
    parse_list,
    text_list,
)
from allervers.directory.imports.records import Dataset, FileFormatError, NamedFile, Record
from allervers.directory.imports.report import RowError, Where

__all__ = [
    "BOOLEAN_FIELDS",
    "JSON_FIELDS",
    "LIST_FIELDS",
    "UNEXPECTED",
    "Dataset",
    "FileFormatError",
    "NamedFile",
    "Record",
    "channels_shape",
    "files_from_path",
    "json_loads",
    "parse_bool",
    "parse_cell",
    "parse_list",
    "read_dataset",
]

logger = logging.getLogger(__name__)

STRUCTURES_CSV, SERVICES_CSV = "structures.csv", "services.csv"
# Fields the import reads as one value: in a JSON file a list or an object there is an error of the row.
# A list or an object under any other name is dropped: the import never reads it.
SCALAR_FIELDS = (
    frozenset(di.Structure.model_fields) | frozenset(di.Service.model_fields) | {"nature", "type_structure"}
) - LIST_FIELDS | {"telephone_pro", "courriel_pro", "verifie_le"}
_SHAPED = LIST_FIELDS | JSON_FIELDS | BOOLEAN_FIELDS
# Escapes that decode to a character refused in text (controls, lone surrogates): a JSON file without any
# needs no look at each of its values.
_FORBIDDEN_ESCAPE = re.compile(r"\\u(?:00[01]|[dD][89a-fA-F])")
# What the macOS archiver adds beside the files of a zip.
_MACOS_FOLDER, _MACOS_FILE = "__MACOSX/", ".DS_Store"
UNEXPECTED = (
    "le fichier n'a pas pu être lu (erreur inattendue, signalée à l'équipe technique). Vérifiez qu'il s'agit "
    "bien d'un export JSON, CSV, XLSX ou zip non abîmé."
)


def files_from_path(path: Path) -> list[NamedFile]:
    """The file itself; every file of a folder or of a zip; a data·inclusion CSV with its companion."""
    try:
        return _files_from_path(path)
    except OSError as exc:
        raise FileFormatError(f"{path} ne peut pas être lu : vérifiez vos droits sur ce fichier.") from exc


def _files_from_path(path: Path) -> list[NamedFile]:
    if path.is_dir():
        children = sorted(child for child in path.iterdir() if child.is_file())
        if len(children) > limits.MAX_MEMBERS:
            raise FileFormatError(f"Le dossier {path} contient plus de {limits.MAX_MEMBERS} fichiers.")
        _check_sizes(path, children)
        return [NamedFile(child.name, child.read_bytes()) for child in children]
    if not path.exists():
        raise FileFormatError(f"Le fichier {path} n'existe pas.")
    if not path.is_file():
        raise FileFormatError(f"{path} n'est pas un fichier ordinaire.")
    _check_sizes(path, [path])
    if path.name in {STRUCTURES_CSV, SERVICES_CSV}:
        companion = path.with_name(SERVICES_CSV if path.name == STRUCTURES_CSV else STRUCTURES_CSV)
        if companion.is_file() and not _is_template_csv(path.read_bytes()):
            _check_sizes(path, [path, companion])
            return [NamedFile(p.name, p.read_bytes()) for p in sorted([path, companion])]
    return [NamedFile(path.name, path.read_bytes())]


def _check_sizes(where: Path, paths: list[Path]) -> None:
    sizes = [p.stat().st_size for p in paths]
    if any(size > limits.MAX_FILE_BYTES for size in sizes):
        raise FileFormatError(f"{where} dépasse {limits.size_text(limits.MAX_FILE_BYTES)} : fichier refusé.")
    if sum(sizes) > limits.MAX_TOTAL_BYTES:
        raise FileFormatError(f"{where} dépasse {limits.size_text(limits.MAX_TOTAL_BYTES)} en tout : refusé.")


def read_dataset(files: list[NamedFile]) -> Dataset:
    """The records of the files, each with its place, or a FileFormatError when the files can't be read.

    A fault whose place is known comes back as the dataset's one error, so that the report shows its line.
    """
    try:
        return _read_dataset(files)
    except FileFormatError as error:
        if error.where is None:
            raise
        return Dataset(errors=[RowError(error.where, "", error.message)])
    except Exception as exc:
        # Every fault a hostile or damaged file can cause is handled above; this one is a bug to fix, but the
        # person importing gets a report, not an error page.
        logger.exception("Unexpected failure while reading an import file")
        raise FileFormatError(UNEXPECTED) from exc


def _read_dataset(files: list[NamedFile]) -> Dataset:
    files = _unzipped(files)
    for file in files:
        if len(file.content) > limits.MAX_FILE_BYTES:
            raise FileFormatError(
                f"le fichier dépasse {limits.size_text(limits.MAX_FILE_BYTES)} : refusé.", Where(file.name, 1)
            )
    if sum(len(file.content) for file in files) > limits.MAX_TOTAL_BYTES:
        raise FileFormatError(f"Les fichiers dépassent {limits.size_text(limits.MAX_TOTAL_BYTES)} en tout : refusés.")
    names = {file.name.rsplit("/", 1)[-1].lower(): file for file in files}
    if hsds_package.is_package(names):
        return hsds_package.read_package(names)
    if STRUCTURES_CSV in names and SERVICES_CSV in names and not _is_template_csv(names[SERVICES_CSV].content):
        return _read_datainclusion_csv(names[STRUCTURES_CSV], names[SERVICES_CSV])
    if len(files) > 1 and all(name.endswith(".json") for name in names):
        pages = [(file.name, _load_json(file.name, tables.decode_utf8(file))) for file in files]
        return datainclusion_api.dataset_of_pages(pages)
    if len(files) != 1:
        raise FileFormatError(
            "Donnez un seul fichier (JSON, CSV ou XLSX), les deux fichiers structures.csv et services.csv, des "
            "pages JSON de l'API data·inclusion, ou les tables CSV d'un paquet HSDS (organizations.csv…)."
        )
    file = files[0]
    suffix = file.name.lower().rsplit(".", 1)[-1]
    if suffix == "json":
        return _read_datainclusion_json(file)
    if suffix == "xlsx":
        errors: list[RowError] = []
        return _template_dataset(file.name, tables.xlsx_rows(file, errors), errors)
    if suffix == "csv":
        if _is_template_csv(file.content):
            errors = []
            return _template_dataset(file.name, tables.csv_rows(file, errors), errors)
        raise FileFormatError(
            f"{file.name} n'est pas au format du modèle (colonne « structure_nom » absente). Pour un export "
            "data·inclusion en CSV, donnez les deux fichiers structures.csv et services.csv."
        )
    raise FileFormatError(f"Format de fichier non reconnu : {file.name} (attendu : .json, .csv, .xlsx ou .zip).")


def _template_dataset(
    name: str, rows: Iterator[tuple[int, dict[str, str | None]]], reading_errors: list[RowError]
) -> Dataset:
    from allervers.directory.imports.template import records_from_rows

    dataset = records_from_rows(name, rows)
    # Faults found while reading (a forbidden character, a line past the limits) come first.
    dataset.errors[:0] = reading_errors
    return dataset


def _unzipped(files: list[NamedFile]) -> list[NamedFile]:
    """Every file, an archive replaced by its members: judged on their headers, then read within the budget."""
    result: list[NamedFile] = []
    budget = limits.Budget()
    for file in files:
        if not file.name.lower().endswith(".zip"):
            result.append(file)
            continue
        try:
            with limits.open_archive(file.content) as archive:
                for info in archive.infolist():
                    if not info.is_dir() and not _is_junk(info.filename):
                        result.append(NamedFile(info.filename, limits.read_member(archive, info, budget)))
        except limits.Unreadable as exc:
            raise FileFormatError(f"{file.name} n'est pas une archive zip lisible.") from exc
        except limits.Refused as exc:
            raise FileFormatError(exc.message, Where(file.name, 1)) from exc
    return result


def _is_junk(name: str) -> bool:
    return name.startswith(_MACOS_FOLDER) or name.rsplit("/", 1)[-1] == _MACOS_FILE


# --- data·inclusion ------------------------------------------------------------------------------------


def _read_datainclusion_json(file: NamedFile) -> Dataset:
    text = tables.decode_utf8(file)
    check_characters = _FORBIDDEN_ESCAPE.search(text) is not None
    data = _load_json(file.name, text)
    del text  # a national file's text is 120 MB that the records don't need
    if datainclusion_api.is_page(data):
        return datainclusion_api.dataset_of_pages([(file.name, data)])
    if not isinstance(data, dict):
        raise FileFormatError(
            'un objet JSON {"structures": [...], "services": [...]} est attendu.', Where(file.name, 1)
        )
    dataset = Dataset()
    for kind, target in (("structures", dataset.structures), ("services", dataset.services)):
        items = data.get(kind)
        if items is None:
            continue
        if not isinstance(items, list):
            raise FileFormatError(f"« {kind} » doit être une liste d'objets JSON.", Where(file.name, 1))
        if len(items) > limits.MAX_ROWS:
            raise FileFormatError(f"plus de {limits.MAX_ROWS} éléments dans « {kind} ».", Where(file.name, 1))
        for index, item in enumerate(items):
            where = Where(f"{file.name} ({kind})", index + 1, "élément")
            if not isinstance(item, dict):
                dataset.errors.append(RowError(where, "", "un objet JSON est attendu."))
                continue
            target.append(_datainclusion_record(where, _json_fields(where, item, dataset.errors, check_characters)))
    return dataset


def _load_json(name: str, text: str) -> Any:
    try:
        return json_loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            f"le fichier n'est pas un JSON valide (erreur colonne {exc.colno}).", Where(name, exc.lineno)
        ) from exc
    except NumberError as exc:
        raise FileFormatError(str(exc), Where(name, _line_of(text, exc.text))) from exc
    except RecursionError as exc:
        raise FileFormatError("des listes ou objets JSON sont imbriqués trop profondément.", Where(name, 1)) from exc


def _line_of(text: str, fragment: str) -> int:
    position = text.find(fragment)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def _json_fields(where: Where, item: dict[str, Any], errors: list[RowError], check_characters: bool) -> dict[str, Any]:
    """A JSON object's fields in the shapes the cleaning expects, changed in place (a national file holds
    200,000 of them). A field in another shape is an error of its element; both are dropped, as is a list or
    an object under a name the import never reads."""
    dropped: list[str] = []
    for name, value in item.items():
        if value is None:
            continue
        shaped = name in _SHAPED
        if not shaped and not isinstance(value, CONTAINERS):
            if check_characters and isinstance(value, str) and (character := limits.forbidden_character(value)):
                errors.append(RowError(where, name, limits.forbidden_message(character)))
                item[name] = limits.without_forbidden(value)  # as in a table's cell (tables._check_characters)
            continue
        if not shaped and name not in SCALAR_FIELDS:
            dropped.append(name)
            continue
        try:
            item[name] = _json_value(name, value)
        except ValueError as error:
            errors.append(RowError(where, name, str(error)))
            dropped.append(name)
            continue
        if check_characters and (character := forbidden_in(item[name])):
            errors.append(RowError(where, name, limits.forbidden_message(character)))
            item[name] = _without_forbidden(item[name])
    for name in dropped:
        del item[name]
    return item


def _json_value(name: str, value: Any) -> Any:
    if name in LIST_FIELDS:
        return text_list(value)
    if name in JSON_FIELDS:
        return channels_shape(value)
    if name in BOOLEAN_FIELDS:
        return _json_bool(value)
    raise ValueError("une seule valeur (texte ou nombre) est attendue, pas une liste ni un objet.")


def _json_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return parse_bool(value)
    raise ValueError("oui ou non (true ou false) est attendu.")


def _without_forbidden(value: Any) -> Any:
    if isinstance(value, str):
        return limits.without_forbidden(value)
    if isinstance(value, list):
        return [_without_forbidden(item) for item in value]
    if isinstance(value, dict):
        return {_without_forbidden(key): _without_forbidden(part) for key, part in value.items()}
    return value


def _read_datainclusion_csv(structures: NamedFile, services: NamedFile) -> Dataset:
    dataset = Dataset()
    for file, target in ((structures, dataset.structures), (services, dataset.services)):
        for line, row in tables.csv_rows(file, dataset.errors):
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


def _is_template_csv(content: bytes) -> bool:
    first_line = content[:4000].decode("utf-8-sig", errors="replace").splitlines()[:1]
    return bool(first_line) and "structure_nom" in first_line[0]
