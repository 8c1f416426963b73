"""data·inclusion v1: {"structures": [...], "services": [...]}, the public API's JSON made schema-valid.

The API's extension fields stay (thematiques_detaillees, nature, canaux…) so that an import of this file
gives back the same listings; data·inclusion ignores them. A region zone ("R84") goes out as its departments,
with the original codes in zone_eligibilite_detaillee.

Identifiers are those of the source, as data·inclusion's schema wants: a listing imported from elsewhere keeps
the identifier it has there (`source_id`), one entered here is known by its key. The data·inclusion API writes
them as « source--identifiant » (allervers/api/datainclusion.py).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from allervers.directory.exports.listings import ListingSerializer, Regions, region_departments
from allervers.directory.exports.selection import select_listings
from allervers.directory.imports.cleaning import datainclusion_publics
from allervers.directory.models import Listing, Service, Structure
from allervers.directory.quality import MIN_DESCRIPTION, service_description

# data·inclusion lists that must hold at least one value when present.
NON_EMPTY_LISTS = ("publics", "modes_accueil", "zone_eligibilite", "modes_mobilisation", "mobilisable_par")


def local_id(listing: Listing) -> str:
    """The listing's identifier within its source: the source's own, else our key."""
    return listing.source_id or str(listing.pk)


def export_datainclusion(*, include_private: bool = False, include_drafts: bool = False) -> dict[str, Any]:
    selection = select_listings(include_drafts=include_drafts)
    serializer = ListingSerializer()
    regions = region_departments(selection.services)
    structures = [structure_row(s, serializer, include_private) for s in selection.structures]
    exported = {s.pk for s in selection.structures}
    services = [
        service_row(s, serializer, regions, local_id(s.structure), include_private)
        for s in selection.services
        if s.structure_id in exported
    ]
    return {"structures": structures, "services": services}


def datainclusion_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


def structure_row(structure: Structure, serializer: ListingSerializer, include_private: bool = False) -> dict[str, Any]:
    row = serializer.structure(structure)
    row["id"] = local_id(structure)
    if row["description"] is not None and len(row["description"]) < MIN_DESCRIPTION:
        row["description"] = None
    return _private(row, structure) if include_private else row


def service_row(
    service: Service,
    serializer: ListingSerializer,
    regions: Regions,
    structure_id: str,
    include_private: bool = False,
) -> dict[str, Any]:
    """`structure_id` is the local identifier of the service's structure (its source's, or our key)."""
    row = serializer.service(service, regions)
    row["id"] = local_id(service)
    row["structure_id"] = structure_id
    row["publics"] = datainclusion_publics(list(service.publics))
    row["zone_eligibilite_detaillee"] = list(service.zone_eligibilite)
    for name in NON_EMPTY_LISTS:
        row[name] = row[name] or None
    # data·inclusion requires a description; our forms don't.
    row["description"] = service_description(service)
    return _private(row, service) if include_private else row


def _private(row: dict[str, Any], listing: Listing) -> dict[str, Any]:
    row["telephone_pro"] = listing.phone_pro or None
    row["courriel_pro"] = listing.email_pro or None
    if listing.address_confidential:
        row["adresse"] = listing.address or None
        row["complement_adresse"] = listing.address_complement or None
        row["latitude"], row["longitude"] = listing.latitude, listing.longitude
    return row
