"""A synthetic operating structure in Belley with one service, its unit, and a stop on the 2nd Tuesday of the
month, 9 h–12 h, at Belley."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from allervers.directory.models import Service, Structure
from allervers.network.models import MobileUnit, Stop
from tests.factories import ServiceFactory, StructureFactory, commune

BELLEY = "01034"
BRENS = "01061"  # 4.8 km south of Belley
GEX = "01173"
BOURG = "01053"  # 37 km from Belley


@dataclass
class Tour:
    structure: Structure
    service: Service
    unit: MobileUnit
    stop: Stop


def make_stop(unit: MobileUnit, code: str = BELLEY, **extra: object) -> Stop:
    fields: dict[str, object] = {
        "unit": unit,
        "commune": commune(code),
        "place": "place de la Mairie",
        "start_time": datetime.time(9),
        "end_time": datetime.time(12),
        "rrule": "FREQ=MONTHLY;BYDAY=2TU",
        "dtstart": datetime.date(2026, 1, 1),
        **extra,
    }
    stop = Stop(**fields)
    stop.full_clean()
    stop.save()
    return stop


@pytest.fixture
def tour(db) -> Tour:
    structure = StructureFactory(name="Association fictive itinérante", commune=commune(BELLEY))
    service = ServiceFactory(structure=structure, name="Écoute et orientation (fictif)", commune=commune(BELLEY))
    unit = MobileUnit.objects.create(
        name="Bus fictif", slug="bus-fictif", structure=structure, area_codes=["01"], request_email="bus@example.org"
    )
    unit.services.add(service)
    return Tour(structure, service, unit, make_stop(unit))
