"""Reading a dump of data·inclusion's API v1: the pages of /services, /structures or /search/services as the API
returns them ({"items": [...], "total": …, "page": …, "size": …, "pages": …}), one page a file, several files
given as a folder or a zip.

An item becomes the record the data·inclusion JSON import makes of a structure or a service (readers.py), then
goes through the same cleaning and writing: the same checks, the same report, each error at its page's file and
the item's rank in it. The API writes identifiers « source--identifiant »: the identifier in the source is
kept (an export gives « source--identifiant » back). A search result's service brings its structure (`structure`).
What the API adds to the schema (score_qualite, adresse_certifiee, doublons) is not read.
"""

from __future__ import annotations

from typing import Any

from allervers.directory.imports import limits
from allervers.directory.imports.cells import (
    BOOLEAN_FIELDS,
    CONTAINERS,
    JSON_FIELDS,
    LIST_FIELDS,
    channels_shape,
    forbidden_in,
    parse_bool,
    text_list,
)
from allervers.directory.imports.records import Dataset, FileFormatError, Record
from allervers.directory.imports.report import RowError, Where

SEPARATOR = "--"
PAGE_KEYS = frozenset({"total", "page", "size", "pages"})
UNIT = "élément"


def is_page(data: Any) -> bool:
    """A page of the API: its items, and none of the data·inclusion file's two lists."""
    return isinstance(data, dict) and "items" in data and not {"structures", "services"} & data.keys()


def dataset_of_pages(pages: list[tuple[str, Any]]) -> Dataset:
    """The records of the items of every page (file name, parsed JSON), structures first."""
    dataset = Dataset()
    seen_structures: set[tuple[str, str]] = set()
    for name, data in pages:
        if not is_page(data):
            raise FileFormatError(
                'une page de l\'API data·inclusion est attendue : {"items": [...], "total": …, "page": …}.',
                Where(name, 1),
            )
        items = data["items"]
        if not isinstance(items, list):
            raise FileFormatError("« items » doit être une liste d'objets JSON.", Where(name, 1))
        for index, item in enumerate(items):
            where = Where(name, index + 1, UNIT)
            if isinstance(item, dict) and isinstance(item.get("service"), dict):  # a search result
                item = item["service"]
            if not isinstance(item, dict):
                dataset.errors.append(RowError(where, "", "un objet JSON est attendu."))
                continue
            nested = item.get("structure")
            if "structure_id" in item and isinstance(nested, dict):
                _add_structure(dataset, seen_structures, Where(name, index + 1, f"{UNIT} (sa structure)"), nested)
            if "structure_id" in item:
                dataset.services.append(_record(where, item, dataset.errors, is_service=True))
            else:
                _add_structure(dataset, seen_structures, where, item)
        _check_size(name, dataset)
    return dataset


def _add_structure(dataset: Dataset, seen: set[tuple[str, str]], where: Where, item: dict[str, Any]) -> None:
    record = _record(where, item, dataset.errors, is_service=False)
    identity = (str(record.data.get("source") or ""), record.key)
    if record.key and identity in seen:
        return  # the same structure, nested in each of its services' results or listed twice
    seen.add(identity)
    dataset.structures.append(record)


def _check_size(name: str, dataset: Dataset) -> None:
    for kind, records in (("structures", dataset.structures), ("services", dataset.services)):
        if len(records) > limits.MAX_ROWS:
            raise FileFormatError(f"plus de {limits.MAX_ROWS} {kind} dans les pages.", Where(name, 1))


def local_id(value: Any, source: str) -> str:
    """« dora--abc » from the source « dora » is « abc »; an identifier without its source stays as it is."""
    text = str(value or "")
    return text.removeprefix(f"{source}{SEPARATOR}") if source else text


def _record(where: Where, item: dict[str, Any], errors: list[RowError], *, is_service: bool) -> Record:
    data = _fields(where, item, errors)
    source = str(data.get("source") or "")
    data["id"] = local_id(data.get("id"), source)
    if is_service:
        data["structure_id"] = local_id(data.get("structure_id"), source)
    return Record(where, data, key=str(data["id"]), structure_key=str(data.get("structure_id") or ""))


def _fields(where: Where, item: dict[str, Any], errors: list[RowError]) -> dict[str, Any]:
    """The item's values in the shapes the cleaning expects; a list or an object under a name the import
    doesn't read is dropped, a value in another shape than its field's is an error of the item."""
    data: dict[str, Any] = {}
    for name, value in item.items():
        if value is None:
            continue
        try:
            if name in LIST_FIELDS:
                value = text_list(value)
            elif name in JSON_FIELDS:
                value = channels_shape(value)
            elif name in BOOLEAN_FIELDS:
                value = value if isinstance(value, bool) else parse_bool(str(value))
            elif isinstance(value, CONTAINERS):
                continue  # structure, doublons, extra: what the API adds
        except ValueError as error:
            errors.append(RowError(where, name, str(error)))
            continue
        if character := forbidden_in(value):
            errors.append(RowError(where, name, limits.forbidden_message(character)))
            continue
        data[name] = value
    return data
