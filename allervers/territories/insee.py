"""Yearly update from the official INSEE COG files (https://www.insee.fr/fr/information/2560452).

v_commune_YYYY.csv carries names, types, departments, regions and parents; the optional EPCI membership
file (INSEE "Intercommunalité" composition, exported as CSV) carries EPCIs. Points, populations and postal
codes are not in the COG: existing ones are kept, new communes borrow their parent's (or children's).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from allervers.territories.enums import CommuneKind
from allervers.territories.loading import (
    CommuneData,
    CommuneKey,
    Progress,
    SyncCounts,
    missing_communes,
    no_progress,
    sync_communes,
    sync_postal_codes,
    upsert_departments,
    upsert_epcis,
    upsert_regions,
)
from allervers.territories.models import EPCI, Commune

COMMUNE_COLUMNS = ("TYPECOM", "COM", "REG", "DEP", "LIBELLE", "COMPARENT")
DEPARTMENT_COLUMNS = ("DEP", "REG", "LIBELLE")
REGION_COLUMNS = ("REG", "LIBELLE")
EPCI_COLUMNS = ("CODGEO", "EPCI", "LIBEPCI")
NO_EPCI = "ZZZZZZZZZ"  # INSEE's code for the four island communes outside any EPCI
KINDS = {kind.value for kind in CommuneKind}


class CogFileError(Exception):
    """A file that isn't what it claims to be; the message is in French, for the person running the import."""


@dataclass
class Existing:
    """What the database knows that the COG doesn't."""

    population: int
    latitude: float | None
    longitude: float | None
    postal_codes: tuple[str, ...]
    epci: str


@dataclass
class CogReport:
    counts: dict[str, SyncCounts] = field(default_factory=dict)
    # (code, former kind, new kind): a commune merged into a commune nouvelle keeps its row, so services
    # that point to it now reach the commune nouvelle.
    converted: list[tuple[str, str, str]] = field(default_factory=list)
    missing: list[Commune] = field(default_factory=list)


# --- reading -------------------------------------------------------------------------------------------


def read_cog_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """INSEE publishes UTF-8 with commas; spreadsheet exports bring semicolons or Windows-1252."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().upper() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise CogFileError(f"Colonnes manquantes dans {path.name} : {', '.join(missing)}.")
    return [{name: (value or "").strip() for name, value in zip(header, row.values(), strict=False)} for row in reader]


# --- building the records ------------------------------------------------------------------------------


def _existing_communes() -> dict[CommuneKey, Existing]:
    rows = Commune.objects.values_list("code", "kind", "population", "latitude", "longitude", "postal_codes", "epci_id")
    return {
        (code, kind): Existing(population, latitude, longitude, tuple(postal_codes), epci or "")
        for code, kind, population, latitude, longitude, postal_codes, epci in rows
    }


def _convert_kinds(rows: list[dict[str, str]], existing: dict[CommuneKey, Existing]) -> list[tuple[str, str, str]]:
    """When a code loses one type and gains another (a commune becoming a delegated commune of a commune
    nouvelle, or the reverse), the row changes type instead of being duplicated: its id, hence the services
    pointing to it, and its point are kept."""
    in_file: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        in_file[row["COM"]].add(row["TYPECOM"])
    in_db: dict[str, set[str]] = defaultdict(set)
    for code, kind in existing:
        in_db[code].add(kind)
    converted = []
    for code, file_kinds in in_file.items():
        gone, new = in_db.get(code, set()) - file_kinds, file_kinds - in_db.get(code, set())
        if len(gone) == 1 and len(new) == 1:
            (former,), (kind,) = gone, new
            Commune.objects.filter(code=code, kind=former).update(kind=kind)
            existing[(code, kind)] = existing.pop((code, former))
            converted.append((code, former, kind))
    return converted


def _commune_records(
    rows: list[dict[str, str]], existing: dict[CommuneKey, Existing], epci_of: dict[str, str] | None
) -> list[CommuneData]:
    current = {row["COM"]: row for row in rows if row["TYPECOM"] == CommuneKind.COMMUNE}
    children: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if row["COMPARENT"]:
            children[row["COMPARENT"]].append(row)
    records = []
    for row in rows:
        top = current.get(row["COMPARENT"], row) if row["COMPARENT"] else row
        population, point, postal_codes = _kept_values(row, existing, children.get(row["COM"], []))
        records.append(
            CommuneData(
                code=row["COM"],
                kind=row["TYPECOM"],
                name=row["LIBELLE"],
                parent=(row["COMPARENT"], CommuneKind.COMMUNE) if row["COMPARENT"] else None,
                department=top["DEP"],
                region=top["REG"],
                epci=_epci(top["COM"], existing, epci_of),
                population=population,
                latitude=point[0] if point else None,
                longitude=point[1] if point else None,
                postal_codes=postal_codes,
            )
        )
    return records


def _kept_values(
    row: dict[str, str], existing: dict[CommuneKey, Existing], children: list[dict[str, str]]
) -> tuple[int, tuple[float, float] | None, tuple[str, ...]]:
    """Population, point and postal codes, which the COG lacks: the known ones, else borrowed."""
    key = (row["COM"], row["TYPECOM"])
    known = existing.get(key)
    if row["TYPECOM"] in _FORMER:
        # Postal codes belong to communes of today: a delegated commune's go to its commune nouvelle.
        point = _point(existing, key) or _point(existing, (row["COMPARENT"], CommuneKind.COMMUNE))
        return (known.population if known else 0), point, ()
    postal_codes = set(known.postal_codes) if known else set()
    for child in children:
        former = existing.get((child["COM"], child["TYPECOM"]))
        if former and child["TYPECOM"] in _FORMER:
            postal_codes.update(former.postal_codes)
    if row["TYPECOM"] == CommuneKind.MUNICIPAL_DISTRICT:
        point = _point(existing, key) or _point(existing, (row["COMPARENT"], CommuneKind.COMMUNE))
    else:
        point = _point(existing, key) or _children_point(existing, children)
    population = known.population if known else sum(_population(existing, child) for child in children)
    return population, point, tuple(sorted(postal_codes))


_FORMER = (CommuneKind.DELEGATED, CommuneKind.ASSOCIATED)


def _population(existing: dict[CommuneKey, Existing], row: dict[str, str]) -> int:
    known = existing.get((row["COM"], row["TYPECOM"]))
    return known.population if known else 0


def _point(existing: dict[CommuneKey, Existing], key: CommuneKey) -> tuple[float, float] | None:
    known = existing.get(key)
    if known is None or known.latitude is None or known.longitude is None:
        return None
    return (known.latitude, known.longitude)


def _children_point(existing: dict[CommuneKey, Existing], rows: list[dict[str, str]]) -> tuple[float, float] | None:
    located = [row for row in rows if _point(existing, (row["COM"], row["TYPECOM"]))]
    if not located:
        return None
    largest = max(located, key=lambda row: _population(existing, row))
    return _point(existing, (largest["COM"], largest["TYPECOM"]))


def _epci(code: str, existing: dict[CommuneKey, Existing], epci_of: dict[str, str] | None) -> str:
    """The EPCI file's, else the one already known: an extract of the file leaves other communes alone."""
    siren = (epci_of or {}).get(code)
    if siren is None:
        known = existing.get((code, CommuneKind.COMMUNE))
        return known.epci if known else ""
    return "" if siren == NO_EPCI else siren


def _epci_rows(rows: list[dict[str, str]]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    kinds = dict(EPCI.objects.values_list("siren", "kind"))
    epci_of = {row["CODGEO"]: row["EPCI"] for row in rows}
    epcis = {
        row["EPCI"]: (row["EPCI"], row["LIBEPCI"], row.get("NATURE_EPCI") or kinds.get(row["EPCI"], ""))
        for row in rows
        if row["EPCI"] and row["EPCI"] != NO_EPCI
    }
    return epci_of, sorted(epcis.values())


# --- the import ----------------------------------------------------------------------------------------


def import_cog(
    communes: Path,
    departments: Path | None = None,
    regions: Path | None = None,
    epci: Path | None = None,
    progress: Progress = no_progress,
) -> CogReport:
    """Apply INSEE COG files to the database. The caller owns the transaction."""
    report = CogReport()
    if regions:
        rows = read_cog_csv(regions, REGION_COLUMNS)
        report.counts["Régions"] = upsert_regions((row["REG"], row["LIBELLE"]) for row in rows)
    if departments:
        rows = read_cog_csv(departments, DEPARTMENT_COLUMNS)
        report.counts["Départements"] = upsert_departments((row["DEP"], row["LIBELLE"], row["REG"]) for row in rows)
    epci_of = None
    if epci:
        epci_of, epci_rows = _epci_rows(read_cog_csv(epci, EPCI_COLUMNS))
        report.counts["EPCI"] = upsert_epcis(epci_rows)
    commune_rows = _commune_rows(communes)
    existing = _existing_communes()
    report.converted = _convert_kinds(commune_rows, existing)
    records = _commune_records(commune_rows, existing, epci_of)
    report.counts["Communes"] = sync_communes(records, progress)
    report.counts["Codes postaux"] = sync_postal_codes(progress)
    covered = {row["DEP"] for row in commune_rows if row["DEP"]}
    report.missing = missing_communes(records, departments=covered)
    return report


def _commune_rows(path: Path) -> list[dict[str, str]]:
    rows = read_cog_csv(path, COMMUNE_COLUMNS)
    unknown = sorted({row["TYPECOM"] for row in rows} - KINDS - {"SRM"})
    if unknown:
        raise CogFileError(f"Types de commune inconnus dans {path.name} : {', '.join(unknown)}.")
    return [row for row in rows if row["TYPECOM"] in KINDS]
