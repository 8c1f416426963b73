"""A flat CSV: one row per service with its structure's columns repeated — the coordinator template's columns,
so that the file can be edited in a spreadsheet and imported back."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from allervers.directory.exports.selection import select_listings
from allervers.directory.imports.template import COLUMNS, PRIVATE_KEYS, SERVICE, STRUCTURE, Column, template_csv
from allervers.directory.models import Listing, Service, Structure


def export_flat_csv(*, include_private: bool = False, include_drafts: bool = False) -> str:
    columns = [c for c in COLUMNS if include_private or c.key not in PRIVATE_KEYS]
    selection = select_listings(include_drafts=include_drafts)
    by_structure: dict[int, list[Service]] = {}
    for listed in selection.services:
        by_structure.setdefault(listed.structure_id, []).append(listed)
    rows = []
    for structure in selection.structures:
        base = _values(structure, [c for c in columns if c.target == STRUCTURE], include_private)
        base["source"] = structure.source
        services: list[Service | None] = list(by_structure.get(structure.pk, [])) or [None]
        for service in services:
            row = dict(base)
            if service is not None:
                row.update(_values(service, [c for c in columns if c.target == SERVICE], include_private))
            rows.append(row)
    return template_csv(rows, [c.name for c in columns])


def _values(listing: Listing, columns: list[Column], include_private: bool) -> dict[str, str]:
    values = _record(listing, include_private)
    return {column.name: _cell(values.get(column.key)) for column in columns}


def _record(listing: Listing, include_private: bool) -> dict[str, Any]:
    hidden = listing.address_confidential and not include_private
    record: dict[str, Any] = {
        "id": listing.source_id or str(listing.pk),
        "nom": listing.name,
        "description": listing.description,
        "adresse": "" if hidden else listing.address,
        "complement_adresse": "" if hidden else listing.address_complement,
        "code_postal": listing.postal_code,
        "commune": listing.commune.name if listing.commune else "",
        "code_insee": listing.commune.code if listing.commune else "",
        "latitude": None if hidden else listing.latitude,
        "longitude": None if hidden else listing.longitude,
        "adresse_confidentielle": listing.address_confidential,
        "telephone": listing.phone,
        "courriel": listing.email,
        "horaires_accueil": listing.opening_hours,
        "telephone_pro": listing.phone_pro,
        "courriel_pro": listing.email_pro,
        "date_maj": timezone.localdate(listing.verified_at).isoformat() if listing.verified_at else "",
    }
    if isinstance(listing, Structure):
        record.update(
            siret=listing.siret,
            type_structure=listing.structure_type,
            reseaux_porteurs_detailles=listing.reseaux_porteurs,
            site_web=listing.website,
        )
    elif isinstance(listing, Service):
        record.update(
            nature=listing.kind,
            type=listing.service_type,
            thematiques_detaillees=listing.thematiques,
            publics_detailles=listing.publics,
            publics_precisions=listing.publics_precisions,
            modes_accueil=listing.modes_accueil,
            frais=listing.frais,
            frais_precisions=listing.frais_precisions,
            conditions_acces=listing.conditions_acces,
            zone_eligibilite_detaillee=listing.zone_eligibilite,
            modes_mobilisation=listing.modes_mobilisation,
            mobilisable_par=listing.mobilisable_par,
            mobilisation_precisions=listing.mobilisation_precisions,
            lien_mobilisation=listing.lien_mobilisation,
            ouvert_24h=listing.always_open,
            langues=listing.languages,
            canaux=json.dumps(listing.channels, ensure_ascii=False) if listing.channels else "",
        )
    return record


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
