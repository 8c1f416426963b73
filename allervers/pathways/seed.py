"""Load the versioned seed pathways (data/pathways.json) and, for the demo, the Ain's competent units.

Rule: roles are reference data and always follow the file. A situation is created when missing and updated when the
file's version is newer, unless a coordinator has edited it in the app: their work is never overwritten.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from allervers.directory.enums import ListingStatus, ServiceKind
from allervers.directory.models import Service, Structure
from allervers.pathways.competences import ImportReport, import_competences
from allervers.pathways.enums import Audience, ContactMode, Urgency
from allervers.pathways.models import ActorRole, Situation, Step
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune

DATA_DIR = Path(__file__).parent / "data"
PATHWAYS_FILE = DATA_DIR / "pathways.json"
DEMO_UNITS_FILE = DATA_DIR / "demo-units.json"
DEMO_COMPETENCES_FILE = DATA_DIR / "competences-ain.csv"
ROLE_FIELDS = ("name", "competence_kind", "structure_types", "reseaux", "thematiques", "service_kind", "channel_values")


class SeedError(Exception):
    pass


@dataclass
class SeedReport:
    roles: int = 0
    created: int = 0
    updated: int = 0
    kept: int = 0
    steps: int = 0
    demo_units: int = 0
    competences: ImportReport | None = None


def load_pathways(path: Path = PATHWAYS_FILE) -> SeedReport:
    data = json.loads(path.read_text(encoding="utf-8"))
    version = int(data["version"])
    report = SeedReport()
    with transaction.atomic():
        roles = {raw["code"]: _upsert_role(raw) for raw in data["roles"]}
        report.roles = len(roles)
        for position, raw in enumerate(data["situations"], start=1):
            _load_situation(raw, position, version, roles, report)
    return report


def _upsert_role(raw: dict[str, Any]) -> ActorRole:
    defaults = {
        name: raw.get(name, "" if name in {"name", "competence_kind", "service_kind"} else []) for name in ROLE_FIELDS
    }
    defaults["max_results"] = raw.get("max_results", 2)
    role, _ = ActorRole.objects.update_or_create(code=raw["code"], defaults=defaults)
    return role


def _load_situation(
    raw: dict[str, Any], position: int, version: int, roles: dict[str, ActorRole], report: SeedReport
) -> None:
    situation = Situation.objects.filter(slug=raw["slug"]).first()
    if situation is not None and (situation.edited_in_app or situation.seed_version >= version):
        report.kept += 1
        return
    fields = {
        "title": raw["title"],
        "question_label": raw["question_label"],
        "summary": raw["summary"],
        "legal_summary": raw.get("legal_summary", ""),
        "thematique": raw.get("thematique", ""),
        "position": position,
        "seed_version": version,
    }
    if situation is None:
        situation = Situation.objects.create(slug=raw["slug"], **fields)
        report.created += 1
    else:
        for name, value in fields.items():
            setattr(situation, name, value)
        situation.save()
        situation.steps.all().delete()
        report.updated += 1
    for index, step in enumerate(raw["steps"], start=1):
        Step.objects.create(situation=situation, position=index, **_step_fields(step, roles, raw["slug"], index))
        report.steps += 1


def _step_fields(raw: dict[str, Any], roles: dict[str, ActorRole], slug: str, index: int) -> dict[str, Any]:
    where = f"{slug}, étape {index}"
    if raw["role"] not in roles:
        raise SeedError(f"{where} : rôle inconnu « {raw['role']} »")
    for name, enum in (("urgency", Urgency), ("audience", Audience), ("contact_mode", ContactMode)):
        if raw[name] not in enum.values:
            raise SeedError(f"{where} : valeur inconnue pour {name} : « {raw[name]} »")
    return {
        "role": roles[raw["role"]],
        "urgency": raw["urgency"],
        "audience": raw["audience"],
        "title": raw["title"],
        "mission": raw["mission"],
        "contact_mode": raw["contact_mode"],
        "what_happens": raw.get("what_happens", ""),
        "legal_note": raw.get("legal_note", ""),
        "sources": raw.get("sources", []),
    }


def load_demo_units(path: Path = DEMO_UNITS_FILE) -> int:
    """Create the competent units the demo directory lacks (published demo data); existing ones are left alone."""
    data = json.loads(path.read_text(encoding="utf-8"))
    source = data["source"]
    verified_at = timezone.make_aware(datetime.datetime.fromisoformat(data["verified_on"]))
    created = 0
    with transaction.atomic():
        for raw in data["structures"]:
            if Service.objects.filter(source=source, source_id=raw["service"]["id"]).exists():
                continue
            commune = Commune.objects.filter(code=raw["commune"], kind=CommuneKind.COMMUNE).first()
            structure = Structure.objects.filter(
                source=source, source_id=raw["id"]
            ).first() or Structure.objects.create(
                source=source,
                source_id=raw["id"],
                name=raw["name"],
                structure_type=raw["structure_type"],
                reseaux_porteurs=raw["reseaux_porteurs"],
                commune=commune,
                website=raw.get("website", ""),
                status=ListingStatus.PUBLISHED,
                is_demo=True,
                verified_at=verified_at,
                verified_by="Équipe Aller-vers (démonstration)",
            )
            _create_unit_service(structure, raw["service"], raw.get("website", ""), source, verified_at)
            created += 1
    return created


def _create_unit_service(
    structure: Structure, raw: dict[str, Any], website: str, source: str, verified_at: datetime.datetime
) -> Service:
    channels = [{"kind": "web", "value": website, "label": "Page officielle"}] if website else []
    return Service.objects.create(
        structure=structure,
        source=source,
        source_id=raw["id"],
        kind=ServiceKind.SERVICE,
        name=raw["name"],
        description=raw["description"],
        email=raw.get("email", ""),
        thematiques=raw["thematiques"],
        publics=raw["publics"],
        modes_accueil=["a-distance"],
        frais="gratuit",
        zone_eligibilite=raw["zone"],
        channels=channels,
        status=ListingStatus.PUBLISHED,
        is_demo=True,
        verified_at=verified_at,
        verified_by="Équipe Aller-vers (démonstration)",
    )


def load_demo_competences(path: Path = DEMO_COMPETENCES_FILE) -> ImportReport:
    return import_competences(path.read_text(encoding="utf-8"))
