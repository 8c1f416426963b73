"""Open Referral HSDS 3.0 exports: the tabular data package (CSV tables and datapackage.json, in a folder or a zip)
and the JSON form (a list of services, each nested as the standard's compiled service schema).

Every table and column of the standard is written, in its order and under its file name, empty where we hold
nothing: the package validates with `frictionless validate` against the specification's own datapackage.json
(allervers/directory/schemas/hsds-3.0, CC BY-SA 4.0), whose resources ours repeats unchanged.
"""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path
from typing import Any

from django.utils import timezone

from allervers.common.spreadsheets import csv_text
from allervers.directory.exports.hsds_nesting import Nesting
from allervers.directory.exports.hsds_records import Records
from allervers.directory.exports.hsds_schema import (
    SCHEMAS,
    TABLES,
    columns,
    file_name,
    official_datapackage,
    table_schema,
)
from allervers.directory.exports.selection import Selection, select_listings

__all__ = [
    "SCHEMAS",
    "TABLES",
    "columns",
    "datapackage",
    "export_hsds",
    "export_hsds_json",
    "hsds_json",
    "table_schema",
    "write_hsds",
]

DATA_LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def _records(include_private: bool, include_drafts: bool) -> Records:
    selection: Selection = select_listings(include_drafts=include_drafts)
    exported = {structure.pk for structure in selection.structures}
    services = [service for service in selection.services if service.structure_id in exported]
    return Records(include_private=include_private).add(selection.structures, services).add_taxonomies()


def export_hsds(*, include_private: bool = False, include_drafts: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Every HSDS table (its rows, possibly none), by table name, in the standard's order."""
    return _records(include_private, include_drafts).tables


def export_hsds_json(*, include_private: bool = False, include_drafts: bool = False) -> list[dict[str, Any]]:
    """Every service as the standard's compiled service schema nests it."""
    records = _records(include_private, include_drafts)
    nesting = Nesting(records)
    return [nesting.service(row) for row in records.tables["service"]]


def hsds_json(services: list[dict[str, Any]]) -> str:
    return json.dumps(services, ensure_ascii=False, indent=1)


def write_hsds(tables: dict[str, list[dict[str, Any]]], output: Path) -> None:
    """The data package: one CSV per table of the standard (header only when empty) and its descriptor."""
    files = {file_name(name): _csv(name, tables.get(name, [])) for name in TABLES}
    files["datapackage.json"] = json.dumps(datapackage(), ensure_ascii=False, indent=2)
    if output.suffix.lower() == ".zip":
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, text in files.items():
                archive.writestr(path, text)
        return
    output.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        (output / path).write_text(text, encoding="utf-8")


def datapackage() -> dict[str, Any]:
    """The specification's descriptor, resources unchanged, with our package's name, date and data licence."""
    official = official_datapackage()
    return {
        "name": "aller-vers-annuaire",
        "title": "Annuaire Aller-vers (Open Referral HSDS 3.0)",
        "description": (
            "Structures et services d'aide aux victimes et aux personnes vulnérables, au format Human Services "
            "Data Specification 3.0 d'Open Referral. Export public : ni contact réservé aux professionnels, ni "
            "adresse confidentielle (seule la commune d'un lieu de mise à l'abri est publiée)."
        ),
        "profile": official["profile"],
        # The HSDS version the tables follow, as the specification's own package states it.
        "version": official["version"],
        "created": timezone.now().isoformat(timespec="seconds"),
        "licenses": [DATA_LICENCE],
        "sources": [
            {
                "title": "Human Services Data Specification 3.0, Open Referral (CC BY-SA 4.0)",
                "path": "https://docs.openreferral.org/en/3.0/",
            }
        ],
        "resources": copy.deepcopy(official["resources"]),
    }


def _csv(name: str, rows: list[dict[str, Any]]) -> str:
    return csv_text(columns(name), rows, lineterminator="\n")
