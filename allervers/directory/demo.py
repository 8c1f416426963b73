"""Load the demo directory (a JSON file of structures and services) through commune resolution and validation.

The loader is all-or-nothing: every error is collected with its place in the file, and nothing is written
unless the whole file is valid. Re-running it updates the rows in place (identity: source + id).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from allervers.directory.enums import ListingStatus, ServiceKind
from allervers.directory.imports.fields import clean_channels, commune_point, expand_zone
from allervers.directory.models import Service, Structure
from allervers.directory.validators import normalize_phone, validate_opening_hours, validate_terms
from allervers.taxonomy import terms
from allervers.taxonomy.structure_types import StructureType
from allervers.territories.models import Commune
from allervers.territories.resolver import CommuneResolutionError, resolve_commune

DEMO_FILE = Path(__file__).parent / "demo" / "ain.json"


@dataclass
class LoadReport:
    structures: int = 0
    services: int = 0
    errors: list[str] = field(default_factory=list)


class DemoDataError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def load_demo(path: Path = DEMO_FILE) -> LoadReport:
    data = json.loads(path.read_text(encoding="utf-8"))
    source = data["source"]
    verified_at = timezone.make_aware(datetime.datetime.fromisoformat(data["verified_on"]))
    report = LoadReport()
    prepared = []
    for index, raw in enumerate(data["structures"]):
        where = f"structures[{index}] ({raw.get('id', '?')})"
        try:
            prepared.append(_prepare_structure(raw, where, report))
        except ValidationError as error:
            report.errors.extend(f"{where} : {message}" for message in error.messages)
    if report.errors:
        raise DemoDataError(report.errors)
    with transaction.atomic():
        for structure_fields, services in prepared:
            structure = _upsert(Structure, source, structure_fields, verified_at)
            report.structures += 1
            for service_fields in services:
                service_fields["structure"] = structure
                _upsert(Service, source, service_fields, verified_at)
                report.services += 1
    return report


def _upsert(
    model: type[Structure] | type[Service],
    source: str,
    fields: dict[str, Any],
    verified_at: datetime.datetime,
) -> Any:
    # A listing may carry its own date of last check: the demo shows stale listings, whose reminders go out.
    own = fields.pop("verified_on", "")
    obj = model.objects.filter(source=source, source_id=fields["source_id"]).first() or model(source=source)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.status = ListingStatus.PUBLISHED
    obj.is_demo = True
    obj.verified_at = timezone.make_aware(datetime.datetime.fromisoformat(own)) if own else verified_at
    obj.verified_by = "Équipe Aller-vers (démonstration)"
    obj.save()
    return obj


def _resolve(text: str, where: str, errors: list[str]) -> Commune | None:
    if not text:
        return None
    try:
        return resolve_commune(text).commune
    except CommuneResolutionError as error:
        errors.append(error.message)
        return None


def _prepare_structure(
    raw: dict[str, Any], where: str, report: LoadReport
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    errors: list[str] = []
    commune = _resolve(raw.get("commune", ""), where, errors)
    if raw.get("type") not in StructureType.values:
        errors.append(f"type de structure inconnu : {raw.get('type')!r}")
    fields = {
        "source_id": raw["id"],
        "name": raw["nom"],
        "description": raw.get("description", ""),
        "structure_type": raw.get("type", StructureType.AUTRE),
        "reseaux_porteurs": _checked(
            lambda: validate_terms(raw.get("reseaux_porteurs", []), terms.reseaux_porteurs(), "les réseaux porteurs"),
            errors,
            [],
        ),
        **_place_fields(raw, commune),
        **_contact_fields(raw, errors),
    }
    services = []
    for index, service in enumerate(raw.get("services", [])):
        try:
            services.append(_prepare_service(service, commune))
        except ValidationError as error:
            errors.extend(f"services[{index}] ({service.get('id', '?')}) : {m}" for m in error.messages)
    if errors:
        raise ValidationError(errors)
    return fields, services


def _checked(check: Any, errors: list[str], default: Any) -> Any:
    try:
        return check()
    except ValidationError as error:
        errors.extend(error.messages)
        return default


def _place_fields(raw: dict[str, Any], commune: Commune | None) -> dict[str, Any]:
    latitude, longitude = commune_point(commune)
    return {
        "commune": commune,
        "address": raw.get("adresse", ""),
        "address_complement": raw.get("complement_adresse", ""),
        "postal_code": raw.get("code_postal") or (commune.postal_codes[0] if commune and commune.postal_codes else ""),
        "latitude": latitude,
        "longitude": longitude,
    }


def _contact_fields(raw: dict[str, Any], errors: list[str]) -> dict[str, Any]:
    return {
        "phone": _checked(lambda: normalize_phone(raw["telephone"]) if raw.get("telephone") else "", errors, ""),
        "email": raw.get("courriel", ""),
        "website": raw.get("site_web", ""),
        "opening_hours": _checked(lambda: validate_opening_hours(raw.get("horaires_accueil", "")), errors, ""),
    }


def _prepare_service(raw: dict[str, Any], commune: Commune | None) -> dict[str, Any]:
    errors: list[str] = []
    kind = ServiceKind.HELPLINE if raw.get("nature") == "helpline" else ServiceKind.SERVICE
    fields: dict[str, Any] = {
        "source_id": raw["id"],
        "kind": kind,
        "name": raw["nom"],
        "description": raw.get("description", ""),
        "service_type": raw.get("type", ""),
        "verified_on": raw.get("verified_on", ""),
        "thematiques": _checked(
            lambda: validate_terms(raw.get("thematiques", []), terms.thematiques(), "les thématiques"),
            errors,
            [],
        ),
        "publics": _checked(lambda: validate_terms(raw.get("publics", []), terms.publics(), "les publics"), errors, []),
        "modes_accueil": _checked(
            lambda: validate_terms(raw.get("modes_accueil", []), terms.modes_accueil(), "les modes d'accueil"),
            errors,
            [],
        ),
        "frais": raw.get("frais", ""),
        "zone_eligibilite": _checked(lambda: expand_zone(raw.get("zone_eligibilite", []), commune), errors, []),
        "always_open": bool(raw.get("always_open", False)),
        "address_confidential": bool(raw.get("adresse_confidentielle", False)),
        "channels": _channels(raw.get("channels", []), errors),
        "languages": raw.get("languages", []),
        "mobilisation_precisions": raw.get("mobilisation_precisions", ""),
        **_place_fields(raw, commune if kind == ServiceKind.SERVICE else None),
        **_contact_fields(raw, errors),
    }
    if not fields["phone"]:
        fields["phone"] = next((c["value"] for c in fields["channels"] if c["kind"] == "phone"), "")
    if errors:
        raise ValidationError(errors)
    return fields


def _channels(channels: list[dict[str, str]], errors: list[str]) -> list[dict[str, str]]:
    return list(_checked(lambda: clean_channels(channels), errors, channels))
