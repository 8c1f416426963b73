"""Where no one goes, on a known data set over the real communes of the Ain (COG 2025): one on-site listening
service in Bourg-en-Bresse for the whole department, one mobile unit stopping at Oyonnax, a 20 km threshold."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from allervers.common.geo import haversine_m
from allervers.directory.models import Service
from allervers.network.coverage import Reach, commune_coverage
from allervers.network.geometry import outlines
from allervers.network.models import MobileUnit, Stop
from allervers.taxonomy import terms
from allervers.territories.models import Commune
from tests.factories import ServiceFactory, StructureFactory, commune

BOURG = "01053"
PERONNAS = "01289"  # next to Bourg
OYONNAX = "01283"  # 44 km east of Bourg, a stop
ARBENT = "01014"  # next to Oyonnax
GEX = "01173"
BELLEY = "01034"
LISTENING = "aide-aux-victimes--ecoute-et-orientation"
DOMESTIC = "aide-aux-victimes--violences-conjugales"


@dataclass
class DataSet:
    service: Service
    unit: MobileUnit
    stop: Stop


def listening_service(code: str = BOURG, **extra: object) -> Service:
    fields: dict[str, object] = {"zone_eligibilite": ["01"], "thematiques": [LISTENING], **extra}
    return ServiceFactory(structure=StructureFactory(commune=commune(code)), commune=commune(code), **fields)


@pytest.fixture
def data_set(db) -> DataSet:
    service = listening_service()
    operator = StructureFactory(name="Association fictive itinérante", commune=commune(OYONNAX))
    brought = ServiceFactory(structure=operator, remote=True, thematiques=[LISTENING])
    unit = MobileUnit.objects.create(name="Bus fictif", slug="bus-fictif-couverture", structure=operator)
    unit.services.add(brought)
    day = timezone.localdate() + datetime.timedelta(days=20)
    stop = Stop.create_single(unit, commune(OYONNAX), "place du marché", day, datetime.time(9), datetime.time(12))
    return DataSet(service, unit, stop)


def coverage(theme: str | None = LISTENING, distance: int = 20):
    term = terms.thematiques()[theme] if theme else None
    return commune_coverage("01", theme=term, distance_km=distance, today=timezone.localdate())


def reach_of(result, code: str) -> Reach:
    return next(row.reach for row in result.rows if row.commune.code == code)


def test_it_sorts_every_commune_of_the_ain_by_distance_to_the_service_and_the_stop(data_set):
    result = coverage()
    assert len(result.rows) == 391
    assert reach_of(result, BOURG) == Reach.ON_SITE
    assert reach_of(result, PERONNAS) == Reach.ON_SITE
    assert reach_of(result, OYONNAX) == Reach.STOP
    assert reach_of(result, ARBENT) == Reach.STOP
    assert reach_of(result, GEX) == Reach.GAP
    assert reach_of(result, BELLEY) == Reach.GAP
    # Each commune is where its own distances put it.
    bourg = commune(BOURG)
    for row in result.rows:
        to_bourg = haversine_m(row.commune.latitude, row.commune.longitude, bourg.latitude, bourg.longitude) / 1000
        to_stop = row.stop.distance_m / 1000 if row.stop else None
        expected = (
            Reach.ON_SITE if to_bourg <= 20 else Reach.STOP if to_stop is not None and to_stop <= 20 else Reach.GAP
        )
        assert row.reach == expected, row.commune.name
    counts = {reach: result.count(reach) for reach in Reach}
    assert sum(counts.values()) == 391 and all(counts.values())


def test_the_threshold_moves_communes_between_gap_and_covered(data_set):
    near, far = coverage(distance=10), coverage(distance=70)
    assert near.count(Reach.GAP) > coverage().count(Reach.GAP) > far.count(Reach.GAP)
    assert reach_of(far, BELLEY) == Reach.ON_SITE  # 61 km from Bourg


def test_a_service_whose_zone_leaves_a_commune_out_does_not_reach_it(db):
    listening_service(zone_eligibilite=[BOURG])
    result = coverage()
    assert reach_of(result, BOURG) == Reach.ON_SITE
    assert reach_of(result, PERONNAS) == Reach.GAP
    peronnas = next(row for row in result.rows if row.commune.code == PERONNAS)
    assert peronnas.nearest_m is None and peronnas.in_a_zone is False


def test_helplines_and_remote_services_reach_no_one(db):
    ServiceFactory(helpline=True, thematiques=[LISTENING])
    ServiceFactory(remote=True, thematiques=[LISTENING], zone_eligibilite=["01"])
    result = coverage()
    assert result.count(Reach.GAP) == 391
    bourg = next(row for row in result.rows if row.commune.code == BOURG)
    assert bourg.in_a_zone is True  # listed for the whole department, but receives no one on site


def test_a_service_of_another_need_counts_for_all_needs_only(db):
    listening_service(thematiques=[DOMESTIC])
    assert reach_of(coverage(), BOURG) == Reach.GAP
    assert reach_of(coverage(DOMESTIC), BOURG) == Reach.ON_SITE
    assert reach_of(coverage(None), BOURG) == Reach.ON_SITE


def test_a_stop_counts_for_a_need_only_when_its_unit_brings_it(data_set):
    assert reach_of(coverage(DOMESTIC), OYONNAX) == Reach.GAP
    assert reach_of(coverage(None), OYONNAX) == Reach.STOP


def test_a_past_stop_or_an_unpublished_unit_reaches_no_one(data_set):
    data_set.unit.is_published = False
    data_set.unit.save()
    assert reach_of(coverage(), OYONNAX) == Reach.GAP
    data_set.unit.is_published = True
    data_set.unit.save()
    past = timezone.localdate() - datetime.timedelta(days=3)
    Stop.objects.filter(pk=data_set.stop.pk).update(dtstart=past, until=past)
    assert reach_of(coverage(), OYONNAX) == Reach.GAP


def test_the_shipped_outlines_are_the_communes_of_the_ain():
    geometry = outlines("01")
    assert geometry is not None
    assert len(geometry.paths) == 391
    assert all(path.startswith("M") and path.endswith("z") for path in geometry.paths.values())
    # Bourg-en-Bresse (west) is drawn left of Oyonnax, Gex (north-east) above Belley (south-east).
    assert geometry.project(46.2, 5.22)[0] < geometry.project(46.26, 5.65)[0]
    assert geometry.project(46.33, 6.06)[1] < geometry.project(45.76, 5.69)[1]
    assert outlines("99") is None and outlines("../x") is None


@pytest.mark.django_db
def test_the_outlines_match_the_loaded_territories():
    geometry = outlines("01")
    assert geometry is not None
    loaded = set(Commune.objects.filter(kind="COM", department_id="01").values_list("code", flat=True))
    assert set(geometry.paths) == loaded
