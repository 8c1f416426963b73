"""data·inclusion v1: {"structures": [...], "services": [...]}, the public API's JSON made schema-valid.

The API's extension fields stay (thematiques_detaillees, nature, canaux…) so that an import of this file
gives back the same listings; data·inclusion ignores them. A region zone ("R84") goes out as its departments,
with the original codes in zone_eligibilite_detaillee.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from allervers.directory.exports.listings import ListingSerializer, region_departments
from allervers.directory.exports.selection import select_listings
from allervers.directory.imports.cleaning import datainclusion_publics
from allervers.directory.models import Listing, Service, Structure

# data·inclusion lists that must hold at least one value when present.
NON_EMPTY_LISTS = ("publics", "modes_accueil", "zone_eligibilite", "modes_mobilisation", "mobilisable_par")
MIN_DESCRIPTION = 5


def export_datainclusion(*, include_private: bool = False, include_drafts: bool = False) -> dict[str, Any]:
    selection = select_listings(include_drafts=include_drafts)
    serializer = ListingSerializer()
    regions = region_departments(selection.services)
    structures = [_structure(s, serializer, include_private) for s in selection.structures]
    exported = {s.pk for s in selection.structures}
    services = [
        _service(s, serializer, regions, include_private) for s in selection.services if s.structure_id in exported
    ]
    return {"structures": structures, "services": services}


def datainclusion_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


def _structure(structure: Structure, serializer: ListingSerializer, include_private: bool) -> dict[str, Any]:
    row = serializer.structure(structure)
    if row["description"] is not None and len(row["description"]) < MIN_DESCRIPTION:
        row["description"] = None
    return _private(row, structure) if include_private else row


def _service(
    service: Service, serializer: ListingSerializer, regions: dict[str, list[str]], include_private: bool
) -> dict[str, Any]:
    row = serializer.service(service, regions)
    row["publics"] = datainclusion_publics(list(service.publics))
    row["zone_eligibilite_detaillee"] = list(service.zone_eligibilite)
    for name in NON_EMPTY_LISTS:
        row[name] = row[name] or None
    if not row["description"] or len(row["description"]) < MIN_DESCRIPTION:
        # data·inclusion requires a description; our forms don't.
        row["description"] = f"Service « {service.name} »."
    return _private(row, service) if include_private else row


def _private(row: dict[str, Any], listing: Listing) -> dict[str, Any]:
    row["telephone_pro"] = listing.phone_pro or None
    row["courriel_pro"] = listing.email_pro or None
    if listing.address_confidential:
        row["adresse"] = listing.address or None
        row["complement_adresse"] = listing.address_complement or None
        row["latitude"], row["longitude"] = listing.latitude, listing.longitude
    return row
