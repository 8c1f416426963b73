"""The official HSDS 3.0 schemas, as shipped in allervers/directory/schemas/hsds-3.0 (CC BY-SA 4.0, see its README).

Everything the export writes is read from them: the tables, their file names and column order come from the
specification's tabular data package (`datapackage.json`), the nested objects from its JSON schemas.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas" / "hsds-3.0"
HSDS_VERSION = "3.0"

# The 21 tables of HSDS 3.0, in the order of the specification's datapackage.json (tests check it).
TABLES = [
    "organization",
    "program",
    "service",
    "attribute",
    "service_at_location",
    "location",
    "phone",
    "contact",
    "address",
    "schedule",
    "funding",
    "service_area",
    "required_document",
    "language",
    "accessibility",
    "taxonomy_term",
    "metadata",
    "meta_table_description",
    "cost_option",
    "organization_identifier",
    "taxonomy",
]


def _read(relative: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / relative).read_text(encoding="utf-8"))
    return data


@cache
def official_datapackage() -> dict[str, Any]:
    """The specification's tabular data package descriptor, unchanged."""
    return _read("datapackage.json")


@cache
def _resources() -> dict[str, dict[str, Any]]:
    return {resource["name"]: resource for resource in official_datapackage()["resources"]}


def resource(name: str) -> dict[str, Any]:
    return _resources()[name]


def file_name(name: str) -> str:
    """The table's CSV file in the data package (`addresses.csv` for `address`)."""
    return str(resource(name)["path"])


@cache
def columns(name: str) -> list[str]:
    """The table's columns, in the order the data package's table schema gives them."""
    return [str(field["name"]) for field in resource(name)["schema"]["fields"]]


@cache
def field_types(name: str) -> dict[str, str]:
    return {str(field["name"]): str(field["type"]) for field in resource(name)["schema"]["fields"]}


@cache
def table_schema(name: str) -> dict[str, Any]:
    """The JSON schema of one table's object (`schema/<name>.json`), with its nested lists as `$ref`s."""
    return _read(f"{name}.json")


@cache
def compiled_schema(name: str) -> dict[str, Any]:
    """One of the specification's compiled schemas (`schema/compiled/<name>.json`): every `$ref` inlined."""
    return _read(f"compiled/{name}.json")


@cache
def openapi_document() -> dict[str, Any]:
    """The specification's OpenAPI 3.1 reference for the HSDS API (`schema/openapi.json`), unchanged."""
    return _read("openapi.json")


def referenced_table(reference: str) -> str:
    """`phone.json` → `phone`: the table a `$ref` of a table schema points to."""
    return reference.rsplit("/", 1)[-1].removesuffix(".json")
