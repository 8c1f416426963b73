"""The coordinators' coverage page: the map and the table below it say the same thing, commune by commune."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allervers.network.geometry import outlines
from allervers.network.models import MobileUnit, Stop
from tests.factories import ServiceFactory, StructureFactory, commune, coordinator, member
from tests.network.test_coverage import BOURG, GEX, LISTENING, OYONNAX, listening_service

URL = reverse("network:coverage-map")
SVG = "{http://www.w3.org/2000/svg}"
CC_HAUT_BUGEY = "200042935"  # the EPCI of Oyonnax


@pytest.fixture
def known(db):
    listening_service()
    operator = StructureFactory(commune=commune(OYONNAX))
    unit = MobileUnit.objects.create(name="Bus fictif", slug="bus-fictif-carte", structure=operator)
    unit.services.add(ServiceFactory(structure=operator, remote=True, thematiques=[LISTENING]))
    day = timezone.localdate() + datetime.timedelta(days=9)
    return Stop.create_single(unit, commune(OYONNAX), "place du marché", day, datetime.time(9), datetime.time(12))


def page(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def the_map(html: str) -> ET.Element:
    """The inline SVG, parsed as XML: it must be well-formed to be drawn as a picture."""
    match = re.search(r"<svg role=\"img\".*?</svg>", html, re.S)
    assert match, "no map on the page"
    return ET.fromstring(match.group(0))


def map_codes(svg: ET.Element, reach: str) -> set[str]:
    return {path.get("data-code", "") for path in svg.iter(f"{SVG}path") if path.get("data-reach") == reach}


def table_codes(html: str, reach: str) -> set[str]:
    table = html[html.index('id="tableau-couverture"') :]
    return set(re.findall(rf'<tr data-code="(\d\w\d+)" data-reach="{reach}">', table))


def test_the_gaps_of_the_map_are_the_gaps_of_the_table(client, known):
    response = page(client, coordinator(), theme=LISTENING)
    assert response.status_code == 200
    html = response.content.decode()
    svg = the_map(html)
    assert len([p for p in svg.iter(f"{SVG}path") if p.get("data-code")]) == 391
    for reach in ("zone-blanche", "passage", "sur-place"):
        assert map_codes(svg, reach) == table_codes(html, reach), reach
    gaps = map_codes(svg, "zone-blanche")
    assert GEX in gaps and BOURG not in gaps and OYONNAX in map_codes(svg, "passage")
    # Not colour alone: gaps are hatched, stops dotted; each commune and each stop has a title.
    assert {p.get("fill") for p in svg.iter(f"{SVG}path") if p.get("data-reach") == "zone-blanche"} == {
        "url(#motif-zone-blanche)"
    }
    drawn = [p for p in svg.iter(f"{SVG}path") if p.get("data-code") or p.get("data-stop")]
    assert all(p.find(f"{SVG}title") is not None for p in drawn)
    stops = [p for p in svg.iter(f"{SVG}path") if p.get("data-stop")]
    assert len(stops) == 1 and "place du marché à Oyonnax" in stops[0].findtext(f"{SVG}title", "")
    # The stop is drawn at Oyonnax (the diamond's top is 7 units above the point).
    x, y = (float(n) for n in re.match(r"M([\d.]+) ([\d.]+)", stops[0].get("d", "")).groups())
    oyonnax = commune(OYONNAX)
    expected = outlines("01").project(oyonnax.latitude, oyonnax.longitude)
    assert abs(x - expected[0]) < 0.2 and abs(y + 7 - expected[1]) < 0.2
    summary = re.sub(r"<[^>]+>", "", unescape(html))
    assert f"{len(gaps)} communes sans service sur place ni passage d'unité mobile à moins de 20 km" in summary


def test_a_coordinator_of_an_intercommunality_sees_its_communes_in_the_table(client, known):
    html = page(client, coordinator(zone_codes=[CC_HAUT_BUGEY])).content.decode()
    svg = the_map(html)
    outside = map_codes(svg, "hors-territoire")
    assert GEX in outside and OYONNAX not in outside
    rows = set(re.findall(r'<tr data-code="(\w+)"', html))
    assert OYONNAX in rows and GEX not in rows
    assert rows == {p.get("data-code") for p in svg.iter(f"{SVG}path") if p.get("data-code")} - outside


def test_the_distance_can_be_changed_and_a_bad_one_is_refused_in_french(client, known):
    user = coordinator()
    wide = page(client, user, distance="80").content.decode()
    assert 'data-code="01173" data-reach="sur-place"' in wide  # Gex, 65 km from Bourg-en-Bresse
    refused = page(client, user, distance="beaucoup")
    assert refused.status_code == 400
    assert "Indiquez une distance en kilomètres" in refused.content.decode()
    assert page(client, user, theme="pas-un-besoin").status_code == 400


def test_it_is_for_coordinators_only(client, known):
    assert client.get(URL).status_code == 302
    assert page(client, member(StructureFactory())).status_code == 404


def test_the_page_needs_the_same_queries_for_one_stop_or_four(client, known, django_assert_max_num_queries):
    user = coordinator()
    page(client, user)
    with CaptureQueriesContext(connection) as one:
        page(client, user, theme=LISTENING)
    for code in ("01173", "01034", "01269"):
        Stop.create_single(known.unit, commune(code), "place", known.dtstart, datetime.time(9), datetime.time(12))
    with django_assert_max_num_queries(len(one)):
        assert page(client, user, theme=LISTENING).status_code == 200
