"""Where no one goes: the communes of a department whose nearest on-site service for a need is farther than a
distance, and whether a mobile unit's stop comes within that distance of them.

Distances are straight lines (haversine) between the commune's point (its town hall, see the territories'
SOURCES.md) and the service's or the stop's point: no road network. A service counts only if its zone
(`zone_eligibilite`) includes the commune, as the search reads it; national helplines and remote services never
count (everyone can call them: counting them would hide every local gap). With a need chosen, a stop counts only if
its unit brings a service of that need; for all needs together, every stop counts.

The directory's own coverage (allervers.directory.coverage) says, per need, which communes no listed service takes
in its zone at all; each row here carries it, which tells an "out of reach" gap from a "nothing listed" one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Q

from allervers.common.geo import format_distance, haversine_m
from allervers.common.text import french_number
from allervers.directory.coverage import coverage_gaps
from allervers.directory.enums import ServiceKind, TermKind
from allervers.directory.models import Service, ServiceTerm
from allervers.network.models import Stop
from allervers.taxonomy import terms
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune


class Reach(models.TextChoices):
    ON_SITE = "sur-place", "service sur place à proximité"
    STOP = "passage", "atteinte par un passage d'unité mobile"
    GAP = "zone-blanche", "sans service à proximité"


@dataclass(frozen=True)
class NearestStop:
    stop: Stop
    distance_m: int

    @property
    def label(self) -> str:
        commune = self.stop.commune.current.name
        return f"{self.stop.unit.name}, {self.stop.place} à {commune} ({format_distance(self.distance_m)})"


@dataclass(frozen=True)
class CommuneReach:
    commune: Commune
    reach: Reach
    nearest_m: int | None
    nearest_name: str
    stop: NearestStop | None
    in_a_zone: bool | None  # None: not asked (all needs together)

    @property
    def population_text(self) -> str:
        return french_number(Decimal(self.commune.population))

    @property
    def nearest_label(self) -> str:
        if self.nearest_m is None:
            return "aucun"
        return f"{format_distance(self.nearest_m)} ({self.nearest_name})"

    @property
    def title(self) -> str:
        """The sentence a map's commune reads as its <title>."""
        text = f"{self.commune.name} : {self.reach.label}"
        if self.reach != Reach.ON_SITE:
            text += f" ; service sur place le plus proche : {self.nearest_label}"
        if self.stop is not None:
            text += f" ; passage : {self.stop.label}"
        return text


@dataclass
class Coverage:
    department: str
    theme: terms.Term | None
    distance_km: int
    rows: list[CommuneReach]
    stops: list[Stop] = field(default_factory=list)

    def count(self, reach: Reach) -> int:
        return sum(1 for row in self.rows if row.reach == reach)

    def population(self, reach: Reach) -> int:
        return sum(row.commune.population for row in self.rows if row.reach == reach)

    @property
    def gap_count(self) -> int:
        return self.count(Reach.GAP)

    @property
    def summary(self) -> list[tuple[int, str, str]]:
        """(communes, what they are, inhabitants in French digits) for each reach, as the page's list reads."""
        d = self.distance_km
        phrases = {
            Reach.ON_SITE: f"avec un service sur place à moins de {d} km",
            Reach.STOP: f"sans service sur place à moins de {d} km, mais atteintes par un passage d'unité mobile",
            Reach.GAP: f"sans service sur place ni passage d'unité mobile à moins de {d} km",
        }
        return [(self.count(r), phrases[r], french_number(Decimal(self.population(r)))) for r in Reach]

    def codes(self, reach: Reach) -> set[str]:
        return {row.commune.code for row in self.rows if row.reach == reach}


@dataclass
class _Place:
    latitude: float
    longitude: float
    name: str
    zones: set[str] = field(default_factory=set)


def theme_codes(theme: terms.Term | None) -> list[str]:
    return [theme.code] if theme else [term.code for term in terms.victim_thematiques()]


def on_site_services(theme: terms.Term | None) -> dict[int, _Place]:
    """Two queries: the visible on-site services of the need (a family takes in its themes) and their zones."""
    services = (
        Service.objects.visible()
        .exclude(kind=ServiceKind.HELPLINE)
        .filter(on_site=True, latitude__isnull=False, longitude__isnull=False)
        .with_thematiques(theme_codes(theme))
    )
    places = {
        pk: _Place(latitude, longitude, name)
        for pk, latitude, longitude, name in services.values_list("pk", "latitude", "longitude", "structure__name")
        if latitude is not None and longitude is not None
    }
    zones = ServiceTerm.objects.filter(kind=TermKind.ZONE, service_id__in=list(places))
    for service_id, code in zones.values_list("service_id", "code"):
        places[service_id].zones.add(code)
    return places


def reaching_stops(theme: terms.Term | None, today: datetime.date) -> list[Stop]:
    """Stops of published units that still have a date to come; with a need, units that bring a service of it."""
    stops = Stop.objects.published().active_on(today).select_related("unit", "commune", "commune__parent")
    if theme is not None:
        bringing = Service.objects.visible().with_thematiques(theme_codes(theme))
        stops = stops.filter(unit__services__in=bringing)
    return [stop for stop in stops.distinct().order_by("pk") if stop.point is not None]


def _nearest_service(commune: Commune, places: dict[int, _Place]) -> tuple[int | None, str]:
    assert commune.latitude is not None and commune.longitude is not None
    codes = set(commune.covering_zone_codes())
    best: tuple[int, str] | None = None
    for place in places.values():
        if not place.zones & codes:
            continue
        metres = haversine_m(commune.latitude, commune.longitude, place.latitude, place.longitude)
        if best is None or (metres, place.name) < best:
            best = (metres, place.name)
    return best if best else (None, "")


def _nearest_stop(commune: Commune, stops: list[Stop]) -> NearestStop | None:
    assert commune.latitude is not None and commune.longitude is not None
    best: NearestStop | None = None
    for stop in stops:
        point = stop.point
        assert point is not None
        metres = haversine_m(commune.latitude, commune.longitude, point[0], point[1])
        if best is None or metres < best.distance_m:
            best = NearestStop(stop, metres)
    return best


def _outside_zones(theme: terms.Term | None, territory: Q) -> set[str] | None:
    """Communes no listed service of the need (on site or not, helplines aside) takes in its zone."""
    if theme is None:
        return None
    for row in coverage_gaps(territory):
        if row.thematique.code == theme.code:
            return {commune.code for commune in row.uncovered}
    # A family (« aide aux victimes ») has no row of its own: its themes' rows are too fine to merge honestly.
    return None


def commune_coverage(
    department: str,
    *,
    theme: terms.Term | None,
    distance_km: int,
    today: datetime.date,
    territory: Q | None = None,
) -> Coverage:
    """Every current commune of the department (within `territory`, a filter on communes) with a point."""
    where = Q(department_id=department) & (territory or Q())
    communes = list(
        Commune.objects.filter(kind=CommuneKind.COMMUNE, latitude__isnull=False, longitude__isnull=False)
        .filter(where)
        .order_by("code")
    )
    places = on_site_services(theme)
    stops = reaching_stops(theme, today)
    outside = _outside_zones(theme, where)
    limit = distance_km * 1000
    rows = []
    for commune in communes:
        nearest_m, name = _nearest_service(commune, places)
        stop = _nearest_stop(commune, stops)
        if nearest_m is not None and nearest_m <= limit:
            reach = Reach.ON_SITE
        elif stop is not None and stop.distance_m <= limit:
            reach = Reach.STOP
        else:
            reach = Reach.GAP
        in_a_zone = None if outside is None else commune.code not in outside
        rows.append(CommuneReach(commune, reach, nearest_m, name, stop, in_a_zone))
    return Coverage(department, theme, distance_km, rows, stops)


def gaps_first(rows: list[CommuneReach]) -> list[CommuneReach]:
    """The table's order: gaps, then communes a stop reaches, then the others; the most populated first."""
    order = {reach: index for index, reach in enumerate((Reach.GAP, Reach.STOP, Reach.ON_SITE))}
    return sorted(rows, key=lambda row: (order[row.reach], -row.commune.population, row.commune.name))
