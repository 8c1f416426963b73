"""Listings as the public API and the data·inclusion export show them: data·inclusion v1 fields plus our extension.

Public export rules: professional-only contacts never leave the platform, and a confidential address
(a shelter) goes out without its street, its point or its distance.

A `ListingSerializer` serves one answer (an API page, an export file): it takes the site's base address, not a
request, and keeps what every listing of that answer shares (the time zone, the address pattern of each route).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.utils import timezone

from allervers.common.urls import reverse_listing, site_url
from allervers.directory.models import Listing, Service, Structure
from allervers.taxonomy import terms
from allervers.territories.models import REGION_PREFIX, Department

Regions = dict[str, list[str]]


@lru_cache(maxsize=1)
def _departments_by_region() -> dict[str, tuple[str, ...]]:
    """The COG's regions and their departments, read once per process: they change only with a COG reload."""
    grouped: dict[str, list[str]] = {}
    for region, code in Department.objects.order_by("code").values_list("region_id", "code"):
        grouped.setdefault(region, []).append(code)
    return {region: tuple(codes) for region, codes in grouped.items()}


def region_departments(services: Iterable[Service]) -> Regions:
    """data·inclusion has no region code: a region in a zone is exported as its departments."""
    regions = {
        code.removeprefix(REGION_PREFIX)
        for service in services
        for code in service.zone_eligibilite
        if code.startswith(REGION_PREFIX)
    }
    if not regions:
        return {}
    known = _departments_by_region()
    return {region: list(known.get(region, ())) for region in regions}


class ListingSerializer:
    """The JSON of listings for one answer. `base_url` is the site's address (scheme and host, no path)."""

    def __init__(self, base_url: str | None = None, tz: datetime.tzinfo | None = None) -> None:
        self.base_url = base_url.rstrip("/") if base_url is not None else site_url()
        self.tz = tz or timezone.get_current_timezone()

    def service(self, service: Service, regions: Regions) -> dict[str, Any]:
        url = self.url("portal:service", service.pk, service.slug)
        service_type = service.service_type if service.service_type in terms.types_de_services() else None
        return {
            **_listing(service, url, self.tz),
            "structure_id": str(service.structure_id),
            "type": service_type,
            # A bare category (« aide-aux-victimes », « famille ») is no data·inclusion thematique: left out.
            "thematiques": [
                code
                for code in _to_datainclusion(service.thematiques, terms.thematiques())
                if code in terms.datainclusion_thematiques()
            ],
            "thematiques_detaillees": list(service.thematiques),
            "publics": _to_datainclusion(service.publics, terms.publics()),
            "publics_detailles": list(service.publics),
            "publics_precisions": service.publics_precisions or None,
            "modes_accueil": list(service.modes_accueil),
            "frais": service.frais or None,
            "frais_precisions": service.frais_precisions or None,
            "conditions_acces": service.conditions_acces or None,
            "zone_eligibilite": _zone(service.zone_eligibilite, regions),
            "modes_mobilisation": list(service.modes_mobilisation),
            "mobilisable_par": list(service.mobilisable_par),
            "mobilisation_precisions": service.mobilisation_precisions or None,
            "lien_mobilisation": service.lien_mobilisation or None,
            "nature": service.kind,
            "canaux": [_channel(channel) for channel in service.channels if isinstance(channel, dict)],
            "ouvert_24h": service.always_open,
            "langues": list(service.languages),
        }

    def structure(self, structure: Structure) -> dict[str, Any]:
        url = self.url("portal:structure", structure.pk, structure.slug)
        return {
            **_listing(structure, url, self.tz),
            "siret": structure.siret or None,
            "site_web": structure.website or None,
            "accessibilite_lieu": structure.accessibility_url or None,
            "reseaux_porteurs": _to_datainclusion(structure.reseaux_porteurs, terms.reseaux_porteurs()),
            "reseaux_porteurs_detailles": list(structure.reseaux_porteurs),
            "type_structure": structure.structure_type,
        }

    def url(self, name: str, pk: int, slug: str) -> str:
        """The absolute address of a listing's public page (the route's pattern is reversed once per process)."""
        return self.base_url + reverse_listing(name, pk, slug)


def public_distance(service: Service, distance_m: int | None) -> int | None:
    # Distances from a few communes would be enough to locate a shelter.
    return None if service.address_confidential else distance_m


def _listing(listing: Listing, url: str, tz: datetime.tzinfo) -> dict[str, Any]:
    hidden = listing.address_confidential
    commune = listing.commune
    return {
        "id": str(listing.pk),
        "source": listing.source,
        "nom": listing.name,
        "description": listing.description or None,
        "commune": commune.name if commune else None,
        "code_postal": listing.postal_code or None,
        "code_insee": commune.code if commune else None,
        "adresse": None if hidden else listing.address or None,
        "complement_adresse": None if hidden else listing.address_complement or None,
        "latitude": None if hidden else listing.latitude,
        "longitude": None if hidden else listing.longitude,
        "adresse_confidentielle": hidden,
        "telephone": listing.phone or None,
        "courriel": listing.email or None,
        "horaires_accueil": listing.opening_hours or None,
        "date_maj": timezone.localdate(listing.updated_at, tz),
        "lien_source": url,
        "url": url,
        "verifie_le": timezone.localdate(listing.verified_at, tz) if listing.verified_at else None,
    }


def _to_datainclusion(codes: Iterable[str], reference: dict[str, terms.Term]) -> list[str]:
    mapped = dict.fromkeys(reference[code].di_code for code in codes if code in reference and reference[code].di_code)
    return list(mapped)


def _zone(codes: Iterable[str], regions: Regions) -> list[str]:
    exported: dict[str, None] = {}
    for code in codes:
        if code.startswith(REGION_PREFIX):
            exported.update(dict.fromkeys(regions.get(code.removeprefix(REGION_PREFIX), [])))
        else:
            exported[code] = None
    return list(exported)


def _channel(channel: dict[str, Any]) -> dict[str, str]:
    return {
        "nature": str(channel.get("kind", "")),
        "valeur": str(channel.get("value", "")),
        "libelle": str(channel.get("label", "") or ""),
    }
