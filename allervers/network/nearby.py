"""Stops near a searched place, for the public search: the stops at the commune and those within a radius, each
with its next passage in words and the dates after it (a cancelled date said so).

One query for the stops (a bounding box around the place, refined by the great-circle distance) and one for their
exceptions; the portal's search page calls it beside the directory's search, which knows nothing of stops.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from allervers.common.geo import EARTH_RADIUS_M, haversine_m
from allervers.directory.models import Service
from allervers.network.models import MobileUnit, Stop
from allervers.network.recurrence import Occurrence, upcoming
from allervers.network.wording import day_of_month, time_range
from allervers.territories.models import Commune

RADIUS_M = 15_000
SHOWN = 2  # the results page has a weight budget (tests/browser/test_page_weight.py)
FOLLOWING = 2


@dataclass(frozen=True)
class NearbyStop:
    stop: Stop
    distance_m: int
    passages: list[Occurrence]  # the next ones, cancelled ones included

    @property
    def next(self) -> Occurrence | None:
        return next((item for item in self.passages if not item.cancelled), None)

    @property
    def cancelled_first(self) -> Occurrence | None:
        """The very next date when it is cancelled: the page says so before the next real one."""
        first = self.passages[0]
        return first if first.cancelled else None

    @property
    def following(self) -> list[Occurrence]:
        after = self.passages.index(self.next) + 1 if self.next else 0
        return self.passages[after:]


def passage_text(item: Occurrence) -> str:
    """mardi 8 décembre, 9 h–12 h"""
    start, end = item.starts_at, item.ends_at
    return f"{day_of_month(item.date)}, {time_range(start.time(), end.time())}"


def _origin(commune: Commune, point: tuple[float, float] | None) -> tuple[float, float] | None:
    if point is not None:
        return point
    for place in (commune, commune.current):
        if place.latitude is not None and place.longitude is not None:
            return place.latitude, place.longitude
    return None


def _box(origin: tuple[float, float], radius_m: int, prefix: str) -> Q:
    latitude, longitude = origin
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(latitude)), 0.01)
    return Q(
        **{
            f"{prefix}latitude__range": (latitude - dlat, latitude + dlat),
            f"{prefix}longitude__range": (longitude - dlon, longitude + dlon),
        }
    )


def stops_near(
    commune: Commune,
    today: datetime.date,
    *,
    point: tuple[float, float] | None = None,
    radius_m: int = RADIUS_M,
    limit: int = SHOWN,
    thematiques: Sequence[str] = (),
) -> list[NearbyStop]:
    """The stops at the commune (its delegated communes included) and within `radius_m`, nearest first; with
    themes, only the stops of units that bring a visible service of one of them (a search for shelter does not
    offer a bus that brings legal advice)."""
    current = commune.current
    here = Q(commune=current) | Q(commune__parent=current)
    origin = _origin(commune, point)
    if origin is not None:
        here |= _box(origin, radius_m, "") | (Q(latitude__isnull=True) & _box(origin, radius_m, "commune__"))
    stops = (
        Stop.objects.published()
        .active_on(today)
        .filter(here)
        .select_related("unit", "commune")
        .prefetch_related("exceptions")
        .order_by()  # sorted below by distance; the model's ordering would only cost joins
    )
    if thematiques:
        bringing = Service.objects.visible().with_thematiques(list(thematiques))
        stops = stops.filter(unit__in=MobileUnit.objects.filter(services__in=bringing))
    found = []
    for stop in stops:
        at_commune = stop.commune_id == current.pk or stop.commune.parent_id == current.pk
        point_of_stop = stop.point
        distance = 0 if at_commune or origin is None or point_of_stop is None else haversine_m(*origin, *point_of_stop)
        if distance > radius_m:
            continue
        passages = upcoming(stop, today, count=1 + FOLLOWING)
        if any(not item.cancelled for item in passages):
            found.append(NearbyStop(stop, distance, passages))
    found.sort(key=lambda item: (item.distance_m, item.passages[0].starts_at, item.stop.pk))
    return found[:limit]
