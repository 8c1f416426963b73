"""Open Referral HSDS 3.0 tabular datapackage: CSV tables and datapackage.json, in a folder or a zip.

The columns of each table and the datapackage descriptor come from the shipped HSDS 3.0 table schemas
(allervers/directory/schemas/hsds-3.0, CC BY-SA 4.0). Identifiers are UUIDs derived from our keys, so that
two exports of the same data give the same identifiers.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from allervers.common.spreadsheets import csv_text
from allervers.directory.enums import ChannelKind, ListingStatus
from allervers.directory.exports import schedules
from allervers.directory.exports.listings import ListingSerializer
from allervers.directory.exports.selection import select_listings
from allervers.directory.models import Listing, Service, Structure
from allervers.taxonomy import terms
from allervers.territories.models import EPCI, FRANCE, REGION_PREFIX, Commune, Department, Region

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas" / "hsds-3.0"
TABLES = [
    "organization",
    "service",
    "location",
    "address",
    "service_at_location",
    "phone",
    "schedule",
    "service_area",
    "taxonomy",
    "taxonomy_term",
    "attribute",
]
NAMESPACE = uuid.UUID("6f1c3b0e-5f1e-4c43-9a57-2f7d5c6a9e10")
TAXONOMIES = {
    "thematiques": ("Thématiques", "Thématiques data·inclusion v1 et extension aide aux victimes d'Aller-vers"),
    "publics": ("Publics", "Publics data·inclusion v1 et extension d'Aller-vers"),
    "modes-accueil": ("Modes d'accueil", "Modes d'accueil data·inclusion v1"),
}
TERM_KINDS = [("thematiques", "thematique"), ("publics", "public"), ("modes-accueil", "mode_accueil")]
SERVICE_STATUS = {ListingStatus.SUSPENDED: "temporarily closed"}


@cache
def table_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return schema


def columns(name: str) -> list[str]:
    """The table's CSV columns: its properties that are neither lists nor nested objects."""
    properties = table_schema(name)["properties"]
    return [key for key, spec in properties.items() if spec.get("type") not in {"array", None}]


def make_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def export_hsds(*, include_private: bool = False, include_drafts: bool = False) -> dict[str, list[dict[str, Any]]]:
    selection = select_listings(include_drafts=include_drafts)
    exported = {s.pk for s in selection.structures}
    builder = _Builder(include_private)
    for structure in selection.structures:
        builder.organization(structure)
    for service in selection.services:
        if service.structure_id in exported:
            builder.service(service)
    builder.service_areas([s for s in selection.services if s.structure_id in exported])
    builder.taxonomies()
    return builder.tables


def write_hsds(tables: dict[str, list[dict[str, Any]]], output: Path) -> None:
    files = {table_schema(name)["path"]: _csv(name, rows) for name, rows in tables.items()}
    files["datapackage.json"] = json.dumps(datapackage(), ensure_ascii=False, indent=2)
    if output.suffix.lower() == ".zip":
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, text in files.items():
                archive.writestr(path, text)
        return
    output.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        (output / path).write_text(text, encoding="utf-8")


def datapackage() -> dict[str, Any]:
    return {
        "name": "aller-vers-annuaire",
        "title": "Annuaire Aller-vers (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "created": timezone.now().isoformat(timespec="seconds"),
        "licenses": [
            {
                "name": "etalab-2.0",
                "title": "Licence Ouverte / Open Licence 2.0",
                "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            }
        ],
        "resources": [_resource(name) for name in TABLES],
    }


def _resource(name: str) -> dict[str, Any]:
    schema = table_schema(name)
    required = set(schema.get("required", [])) | set(schema.get("tabular_required", []))
    fields = []
    for column in columns(name):
        spec = schema["properties"][column]
        constraints: dict[str, Any] = {"required": column in required, "unique": spec["constraints"]["unique"]}
        if "enum" in spec:
            constraints["enum"] = spec["enum"]
        field: dict[str, Any] = {"name": column, "type": spec.get("datapackage_type", spec["type"])}
        if spec.get("format") in {"uri", "email"}:
            field["format"] = spec["format"]
        fields.append({**field, "constraints": constraints})
    return {
        "name": name,
        "path": schema["path"],
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": "id"},
    }


def _csv(name: str, rows: Iterable[dict[str, Any]]) -> str:
    return csv_text(columns(name), rows, lineterminator="\n")


class _Builder:
    def __init__(self, include_private: bool) -> None:
        self.include_private = include_private
        self.links = ListingSerializer()
        self.tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        self.departments = dict(Department.objects.values_list("code", "name"))
        self.locations: dict[tuple[Any, ...], str] = {}
        self.used_terms: dict[str, set[str]] = {taxonomy: set() for taxonomy in TAXONOMIES}

    def organization(self, structure: Structure) -> None:
        org_id = make_id("structure", structure.pk)
        url = self.links.url("portal:structure", structure.pk, structure.slug)
        self.tables["organization"].append(
            {
                "id": org_id,
                "name": structure.name,
                "description": structure.description or structure.name,
                "email": structure.email or None,
                "website": structure.website or None,
                "uri": url,
                "legal_status": structure.get_structure_type_display(),
            }
        )
        self._phones(structure, {"organization_id": org_id}, [])
        self._schedule(structure.opening_hours, False, {"location_id": self._location(structure, org_id)})

    def service(self, service: Service) -> None:
        service_id = make_id("service", service.pk)
        org_id = make_id("structure", service.structure_id)
        url = self.links.url("portal:service", service.pk, service.slug)
        frais = terms.frais().get(service.frais)
        self.tables["service"].append(
            {
                "id": service_id,
                "organization_id": org_id,
                "name": service.name,
                "description": service.description,
                "url": url,
                "email": service.email or None,
                "status": _status(service),
                "fees_description": " – ".join(filter(None, [frais.label if frais else "", service.frais_precisions])),
                "eligibility_description": " – ".join(
                    filter(None, [", ".join(service.public_labels), service.publics_precisions])
                ),
                "application_process": service.mobilisation_precisions or None,
                "assured_date": timezone.localdate(service.verified_at).isoformat() if service.verified_at else None,
            }
        )
        location_id = self._location(service, org_id)
        if location_id:
            self.tables["service_at_location"].append(
                {"id": make_id("service_at_location", service.pk), "service_id": service_id, "location_id": location_id}
            )
        self._phones(service, {"service_id": service_id}, service.channels)
        self._schedule(service.opening_hours, service.always_open, {"service_id": service_id})
        self._attributes(service, service_id)

    def _location(self, listing: Listing, org_id: str) -> str | None:
        if listing.commune is None:
            return None
        hidden = listing.address_confidential and not self.include_private
        key = (
            org_id,
            listing.commune_id,
            "" if hidden else listing.address,
            hidden,
            listing.latitude,
            listing.longitude,
        )
        if key in self.locations:
            return self.locations[key]
        location_id = self.locations[key] = make_id("location", *key)
        commune = listing.commune
        note = " Adresse confidentielle : seule la commune est publiée." if hidden else ""
        self.tables["location"].append(
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": listing.name,
                "description": f"Commune : {commune.name} ({commune.code}).{note}",
                "latitude": None if hidden else listing.latitude,
                "longitude": None if hidden else listing.longitude,
            }
        )
        if listing.address and not hidden:
            self.tables["address"].append(
                {
                    "id": make_id("address", location_id),
                    "location_id": location_id,
                    "address_1": listing.address,
                    "address_2": listing.address_complement or None,
                    "city": commune.name,
                    "state_province": self.departments.get(commune.department_code, ""),
                    "postal_code": listing.postal_code,
                    "country": "FR",
                    "address_type": "physical",
                }
            )
        return location_id

    def _phones(self, listing: Listing, owner: dict[str, str], channels: list[dict[str, str]]) -> None:
        numbers: dict[str, tuple[str, str]] = {}
        if listing.phone:
            numbers[listing.phone] = ("voice", "")
        for channel in channels:
            if channel.get("kind") in {ChannelKind.PHONE, ChannelKind.SMS} and channel.get("value"):
                kind = "text" if channel["kind"] == ChannelKind.SMS else "voice"
                numbers.setdefault(f"{kind}:{channel['value']}", (kind, channel.get("label", "")))
        if self.include_private and listing.phone_pro:
            numbers["pro"] = ("voice", "Ligne réservée aux professionnels")
        for key, (kind, description) in numbers.items():
            number = listing.phone_pro if key == "pro" else key.split(":", 1)[-1]
            self.tables["phone"].append(
                {
                    "id": make_id("phone", *owner.values(), key),
                    **owner,
                    "number": number,
                    "type": kind,
                    "description": description or None,
                }
            )

    def _schedule(self, expression: str, always_open: bool, owner: dict[str, str | None]) -> None:
        if not any(owner.values()):
            return
        expression = "24/7" if always_open else expression.strip()
        if not expression:
            return
        slots = schedules.convert(expression)
        base = {**owner, "description": f"Horaires (format OpenStreetMap, heure de Paris) : {expression}"}
        if slots is None:
            self.tables["schedule"].append({"id": make_id("schedule", *owner.values(), expression), **base})
            return
        for index, slot in enumerate(slots):
            self.tables["schedule"].append(
                {
                    "id": make_id("schedule", *owner.values(), expression, index),
                    **base,
                    "freq": "WEEKLY",
                    "byday": slot.byday,
                    "opens_at": slot.opens_at,
                    "closes_at": slot.closes_at,
                }
            )

    def _attributes(self, service: Service, service_id: str) -> None:
        values = {
            "thematiques": service.thematiques,
            "publics": service.publics,
            "modes-accueil": service.modes_accueil,
        }
        for taxonomy, link_type in TERM_KINDS:
            for code in values[taxonomy]:
                self.used_terms[taxonomy].add(code)
                self.tables["attribute"].append(
                    {
                        "id": make_id("attribute", service.pk, taxonomy, code),
                        "link_id": service_id,
                        "link_entity": "service",
                        "link_type": link_type,
                        "taxonomy_term_id": make_id("term", taxonomy, code),
                    }
                )

    def service_areas(self, services: list[Service]) -> None:
        codes = {code for service in services for code in service.zone_eligibilite}
        names = _zone_names(codes)
        for service in services:
            for code in service.zone_eligibilite:
                self.tables["service_area"].append(
                    {
                        "id": make_id("service_area", service.pk, code),
                        "service_id": make_id("service", service.pk),
                        "name": names.get(code, code),
                        "description": f"Code du Code officiel géographique (INSEE) : {code}",
                        "extent_type": "text",
                        "extent": code,
                    }
                )

    def taxonomies(self) -> None:
        references = {
            "thematiques": terms.thematiques(),
            "publics": terms.publics(),
            "modes-accueil": terms.modes_accueil(),
        }
        for taxonomy, (name, description) in TAXONOMIES.items():
            taxonomy_id = make_id("taxonomy", taxonomy)
            self.tables["taxonomy"].append({"id": taxonomy_id, "name": name, "description": description})
            used = set(self.used_terms[taxonomy])
            used |= {code.split("--", 1)[0] for code in used if "--" in code}
            reference = references[taxonomy]
            for code in sorted(used):
                term = reference.get(code)
                parent = code.split("--", 1)[0] if "--" in code else None
                self.tables["taxonomy_term"].append(
                    {
                        "id": make_id("term", taxonomy, code),
                        "code": code,
                        "name": term.label if term else code,
                        "description": (term.description or term.label) if term else code,
                        "parent_id": make_id("term", taxonomy, parent) if parent else None,
                        "taxonomy_id": taxonomy_id,
                        "language": "fr",
                    }
                )


def _status(service: Service) -> str:
    if service.is_visible_on(timezone.localdate()):
        return "active"
    return SERVICE_STATUS.get(ListingStatus(service.status), "inactive")


def _zone_names(codes: set[str]) -> dict[str, str]:
    names = {FRANCE: "France entière"}
    regions = {code.removeprefix(REGION_PREFIX) for code in codes if code.startswith(REGION_PREFIX)}
    names |= {f"{REGION_PREFIX}{c}": n for c, n in Region.objects.filter(code__in=regions).values_list("code", "name")}
    names |= dict(Department.objects.filter(code__in=codes).values_list("code", "name"))
    names |= dict(EPCI.objects.filter(siren__in=codes).values_list("siren", "name"))
    names |= dict(Commune.objects.current().filter(code__in=codes).values_list("code", "name"))
    return names
