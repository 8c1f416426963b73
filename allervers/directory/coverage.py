"""Coverage: for each victim-support theme, the communes of a territory that no local service reaches, and why.

National helplines reach everyone by definition; counting them would hide every local gap, so they are left out.
Each row also says what remains once a commune is "covered": the communes that only a department- or region-wide
actor reaches (no local office known), those actors, and the listings that reach the territory without any
contact a person could use (no phone, e-mail, website or channel), which say where to ask instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from allervers.directory.enums import ServiceKind, TermKind
from allervers.directory.models import Service, ServiceTerm
from allervers.taxonomy import terms
from allervers.territories.enums import CommuneKind
from allervers.territories.models import REGION_PREFIX, Commune

NO_SERVICE = "Aucun service publié dans l'annuaire pour ce besoin."
OUT_OF_ZONE = "Des services existent pour ce besoin, mais leur zone d'intervention n'inclut pas ces communes."


@dataclass
class CoverageRow:
    thematique: terms.Term
    uncovered: list[Commune]
    total: int
    services: int = 0
    wide_only: list[Commune] = field(default_factory=list)
    wide_actors: list[str] = field(default_factory=list)
    without_contact: list[str] = field(default_factory=list)

    @property
    def uncovered_population(self) -> int:
        return sum(commune.population for commune in self.uncovered)

    @property
    def gap_reason(self) -> str:
        """Why the uncovered communes are uncovered: nothing listed for the need, or nothing listed for them."""
        if not self.uncovered:
            return ""
        return OUT_OF_ZONE if self.services else NO_SERVICE


@dataclass
class _Listing:
    zones: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    name: str = ""
    reachable: bool = True


def coverage_gaps(territory: Q) -> list[CoverageRow]:
    """Four queries: the communes of the territory (a filter on communes, such as a coordinator scope's
    `commune_filter("")`), the zone codes and the themes of visible non-national services, and those services'
    names and contacts."""
    communes = list(Commune.objects.filter(kind=CommuneKind.COMMUNE).filter(territory).order_by("-population"))
    listings = _listings()
    territory_codes = _territory_codes(communes)
    result = []
    for theme in terms.victim_thematiques():
        mine = [listing for listing in listings.values() if theme.code in listing.themes]
        zones = set().union(*(listing.zones for listing in mine))
        local_zones = {code for code in zones if _is_local(code)}
        row = CoverageRow(theme, [c for c in communes if not _covered(c, zones)], len(communes), len(mine))
        row.wide_only = [c for c in communes if _covered(c, zones) and not _covered(c, local_zones)]
        reaching = [listing for listing in mine if listing.zones & territory_codes]
        row.wide_actors = sorted({x.name for x in reaching if any(not _is_local(code) for code in x.zones)})
        row.without_contact = sorted({listing.name for listing in reaching if not listing.reachable})
        result.append(row)
    return result


def _listings() -> dict[int, _Listing]:
    visible = Service.objects.visible().exclude(kind=ServiceKind.HELPLINE)
    listings: dict[int, _Listing] = {}
    for service_id, code in ServiceTerm.objects.filter(kind=TermKind.ZONE, service__in=visible).values_list(
        "service_id", "code"
    ):
        if code != "france":
            listings.setdefault(service_id, _Listing()).zones.add(code)
    for service_id, code in ServiceTerm.objects.filter(
        kind=TermKind.THEMATIQUE, service_id__in=list(listings)
    ).values_list("service_id", "code"):
        listings[service_id].themes.add(code)
    rows = Service.objects.filter(id__in=list(listings)).values_list(
        "id", "structure__name", "phone", "email", "website", "channels", "structure__phone", "structure__website"
    )
    for service_id, name, *contacts in rows:
        listings[service_id].name = name
        listings[service_id].reachable = any(contacts)
    return listings


def _territory_codes(communes: list[Commune]) -> set[str]:
    codes: set[str] = set()
    for commune in communes:
        codes.add(commune.code)
        codes.update(code for code in (commune.epci_id, commune.department_id) if code)
        codes.add(f"{REGION_PREFIX}{commune.region_code}")
    return codes


def _is_local(code: str) -> bool:
    """A commune (5 characters) or an EPCI (9-digit SIREN); a department, a region or France is not local."""
    return len(code) in {5, 9} and not code.startswith(REGION_PREFIX)


def _covered(commune: Commune, zones: set[str]) -> bool:
    return bool(
        commune.code in zones
        or (commune.epci_id and commune.epci_id in zones)
        or (commune.department_id and commune.department_id in zones)
        or f"{REGION_PREFIX}{commune.region_code}" in zones
    )
