"""Coverage: for each victim-support theme, the communes of a territory that no local service reaches.

National helplines reach everyone by definition; counting them would hide every local gap, so they are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from allervers.directory.enums import TermKind
from allervers.directory.models import Service, ServiceTerm
from allervers.taxonomy import terms
from allervers.territories.enums import CommuneKind
from allervers.territories.models import REGION_PREFIX, Commune


@dataclass
class CoverageRow:
    thematique: terms.Term
    uncovered: list[Commune]
    total: int

    @property
    def uncovered_population(self) -> int:
        return sum(commune.population for commune in self.uncovered)


def coverage_gaps(territory: Q) -> list[CoverageRow]:
    """Two queries: the communes of the territory (a filter on communes, such as a coordinator scope's
    `commune_filter("")`), and the zone codes of visible services per theme."""
    communes = list(Commune.objects.filter(kind=CommuneKind.COMMUNE).filter(territory).order_by("-population"))
    zones_by_theme: dict[str, set[str]] = {}
    rows = ServiceTerm.objects.filter(kind=TermKind.ZONE, service__in=Service.objects.visible()).values_list(
        "service_id", "code"
    )
    zones_by_service: dict[int, set[str]] = {}
    for service_id, code in rows:
        zones_by_service.setdefault(service_id, set()).add(code)
    theme_rows = ServiceTerm.objects.filter(
        kind=TermKind.THEMATIQUE, service_id__in=list(zones_by_service)
    ).values_list("service_id", "code")
    for service_id, code in theme_rows:
        zones_by_theme.setdefault(code, set()).update(zones_by_service[service_id])
    result = []
    for theme in terms.victim_thematiques():
        zones = zones_by_theme.get(theme.code, set())
        uncovered = [c for c in communes if not _covered(c, zones)]
        result.append(CoverageRow(theme, uncovered, len(communes)))
    return result


def _covered(commune: Commune, zones: set[str]) -> bool:
    return bool(
        commune.code in zones
        or (commune.epci_id and commune.epci_id in zones)
        or (commune.department_id and commune.department_id in zones)
        or f"{REGION_PREFIX}{commune.region_code}" in zones
    )
