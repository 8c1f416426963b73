"""Checking our HSDS 3.0 output the way the specification's own CI checks its examples.

- Tabular: our CSV files laid beside the specification's datapackage.json, then `frictionless validate`
  (openreferral/specification, .github/workflows/test_examples_datapackage.yml).
- JSON: the official JSON schemas with `additionalProperties: false` set everywhere, as its
  validate_examples_json_schema.sh does (compiletojsonschema --set-additional-properties-false-everywhere), so
  that a field the standard does not name fails too. jsonschema checks no `uri` or `date-time` format without
  optional packages: both are checked here.
"""

from __future__ import annotations

import copy
import csv
import datetime
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import frictionless
from jsonschema import Draft202012Validator, FormatChecker

from allervers.directory.exports.hsds_schema import SCHEMAS, TABLES, compiled_schema, file_name, table_schema

FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.datetime.fromisoformat(value)
    return "T" in value and parsed.tzinfo is not None


def strict(schema: Any) -> Any:
    """The schema with additionalProperties false on every object that lists its properties."""
    schema = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(strict(schema), format_checker=FORMATS)


def compiled_validator(name: str) -> Draft202012Validator:
    """One of the official compiled schemas (compiled/service.json…): every reference inlined."""
    return validator(compiled_schema(name))


def table_validator(name: str) -> Draft202012Validator:
    """An official table schema (taxonomy.json…), its references to sibling files resolved."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in SCHEMAS.glob("*.json"):
        if path.name not in {"datapackage.json", "openapi.json"}:
            resources.append((path.name, DRAFT202012.create_resource(strict(json.loads(path.read_text())))))
    return Draft202012Validator(
        strict(table_schema(name)), registry=Registry().with_resources(resources), format_checker=FORMATS
    )


def errors(check: Draft202012Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in check.iter_errors(instance)]


def lay_into_official_package(export: Path, folder: Path) -> Path:
    """Our CSV files (from a folder or a zip) beside an untouched copy of the specification's datapackage.json."""
    folder.mkdir(parents=True, exist_ok=True)
    if export.suffix == ".zip":
        with zipfile.ZipFile(export) as archive:
            for name in archive.namelist():
                if name.endswith(".csv"):
                    (folder / name).write_bytes(archive.read(name))
    else:
        for path in export.glob("*.csv"):
            shutil.copy(path, folder / path.name)
    shutil.copy(SCHEMAS / "datapackage.json", folder / "datapackage.json")
    return folder / "datapackage.json"


def frictionless_errors(descriptor: Path) -> list[str]:
    """What `frictionless validate` reports (an empty list when the package is valid)."""
    report = frictionless.validate(str(descriptor))
    found = [f"{task.name}: {error.type}: {error.message}" for task in report.tasks for error in task.errors]
    found += [f"{error.type}: {error.message}" for error in report.errors]
    assert report.valid == (not found)
    return found


def read_tables(export: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, str]]]]:
    """The descriptor and every table of an exported package (folder or zip), rows as CSV text."""
    if export.suffix == ".zip":
        with zipfile.ZipFile(export) as archive:
            files = {name: archive.read(name).decode() for name in archive.namelist()}
    else:
        files = {path.name: path.read_text(encoding="utf-8") for path in export.iterdir()}
    tables = {name: list(csv.DictReader(io.StringIO(files[file_name(name)]))) for name in TABLES}
    return json.loads(files["datapackage.json"]), tables
