"""Our listings as the rows of the HSDS 3.0 tables: the one source of the tabular export, the JSON forms and the API.

A structure is an `organization`, a service a `service`; a place (commune, address, point) is a `location` with its
`address`, shared by the listings of one structure that have the same place; a service with a place is a
`service_at_location`. Values are typed as the data package reads them (numbers as numbers, dates and times as
ISO 8601 text) and None where we hold nothing.

Public by default: professional-only contacts stay out, and a confidential address leaves as its commune only
(no street, no point), as in every other export.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from allervers.directory.enums import ChannelKind, ListingStatus
from allervers.directory.exports import schedules
from allervers.directory.exports.hsds_ids import entity_id, make_id
from allervers.directory.exports.hsds_schema import TABLES
from allervers.directory.exports.hsds_taxonomies import BY_KEY, FIELDS_KEY, taxonomy_rows, term_id, term_rows
from allervers.directory.exports.listings import ListingSerializer
from allervers.directory.models import DEFAULT_SOURCE, Listing, Service, Structure
from allervers.taxonomy import terms
from allervers.taxonomy.languages import language_name
from allervers.territories.models import EPCI, FRANCE, REGION_PREFIX, Commune, Department, Region

Row = dict[str, Any]
SERVICE_STATUS = {ListingStatus.SUSPENDED: "temporarily closed"}
CHANNEL_FIELDS = {ChannelKind.CHAT: "canal-tchat", ChannelKind.WEB: "canal-web", ChannelKind.VIDEO: "canal-visio"}
COUNTRY = "FR"


class Records:
    """The rows of every HSDS table for the listings added to it."""

    def __init__(self, *, include_private: bool = False, links: ListingSerializer | None = None) -> None:
        self.include_private = include_private
        self.links = links or ListingSerializer()
        self.tables: dict[str, list[Row]] = {name: [] for name in TABLES}
        self._departments: dict[str, str] | None = None
        self._locations: dict[tuple[Any, ...], str] = {}
        self._added: set[str] = set()

    def add(self, structures: Iterable[Structure], services: Iterable[Service]) -> Records:
        """Structures, then services (whose structures must be among them), then their service areas."""
        services = list(services)
        for structure in structures:
            self.organization(structure)
        for service in services:
            self.service(service)
        self.service_areas(services)
        return self

    def add_taxonomies(self) -> Records:
        self.tables["taxonomy"] += [dict(row) for row in taxonomy_rows()]
        self.tables["taxonomy_term"] += [dict(row) for row in term_rows()]
        return self

    # Organizations ----------------------------------------------------------------------------------------------
    def organization(self, structure: Structure) -> str:
        org_id = entity_id("organization", structure.pk)
        if org_id in self._added:
            return org_id
        self._added.add(org_id)
        self.tables["organization"].append(
            {
                "id": org_id,
                "name": structure.name,
                "description": structure.description or structure.name,
                "email": structure.email or None,
                "website": structure.website or None,
                "legal_status": structure.get_structure_type_display() or None,
                "uri": self.links.url("portal:structure", structure.pk, structure.slug),
            }
        )
        if structure.siret:
            self.tables["organization_identifier"].append(
                {
                    "id": make_id("organization_identifier", org_id, structure.siret),
                    "organization_id": org_id,
                    "identifier_type": "SIRET",
                    "identifier": structure.siret,
                }
            )
        owner = {"organization_id": org_id}
        self._phones(structure, owner, [])
        self._private_contact(structure, owner)
        location_id = self._location(structure, org_id)
        self._schedule(structure.opening_hours, False, {"location_id": location_id})
        self._terms(org_id, "organization", "reseaux-porteurs", structure.reseaux_porteurs)
        self._field(org_id, "organization", "type-structure", [structure.structure_type])
        self._field(
            org_id, "organization", "adresse-confidentielle", ["true"] if structure.address_confidential else []
        )
        self._source(structure, org_id, "organization")
        return org_id

    # Services ---------------------------------------------------------------------------------------------------
    def service(self, service: Service) -> str:
        service_id = entity_id("service", service.pk)
        if service_id in self._added:
            return service_id
        self._added.add(service_id)
        org_id = entity_id("organization", service.structure_id)
        frais = terms.frais().get(service.frais)
        eligibility = [", ".join(service.public_labels), service.publics_precisions, service.conditions_acces]
        self.tables["service"].append(
            {
                "id": service_id,
                "organization_id": org_id,
                "name": service.name,
                "description": service.description or None,
                "url": self.links.url("portal:service", service.pk, service.slug),
                "email": service.email or None,
                "status": _status(service),
                "application_process": service.mobilisation_precisions or None,
                "fees_description": _joined([frais.label if frais else "", service.frais_precisions]),
                "eligibility_description": _joined(eligibility),
                "assured_date": timezone.localdate(service.verified_at).isoformat() if service.verified_at else None,
                "last_modified": timezone.localtime(service.updated_at).isoformat(timespec="seconds"),
            }
        )
        location_id = self._location(service, org_id)
        if location_id:
            self.tables["service_at_location"].append(
                {
                    "id": entity_id("service_at_location", service.pk),
                    "service_id": service_id,
                    "location_id": location_id,
                }
            )
        owner = {"service_id": service_id}
        self._phones(service, owner, service.channels)
        self._private_contact(service, owner)
        self._schedule(service.opening_hours, service.always_open, owner)
        for code in dict.fromkeys(service.languages):
            self.tables["language"].append(
                {"id": make_id("language", service_id, code), **owner, "name": language_name(code), "code": code}
            )
        self._service_attributes(service, service_id)
        return service_id

    def _service_attributes(self, service: Service, service_id: str) -> None:
        for key, codes in [
            ("thematiques", service.thematiques),
            ("publics", service.publics),
            ("modes-accueil", service.modes_accueil),
            ("frais", [service.frais]),
            ("modes-mobilisation", service.modes_mobilisation),
            ("types-services", [service.service_type]),
        ]:
            self._terms(service_id, "service", key, codes)
        fields = {
            "nature": [service.kind],
            "mobilisable-par": service.mobilisable_par,
            "lien-mobilisation": [service.lien_mobilisation],
            "conditions-acces": [service.conditions_acces],
            "publics-precisions": [service.publics_precisions],
            "frais-precisions": [service.frais_precisions],
            "adresse-confidentielle": ["true"] if service.address_confidential else [],
            "site-web": [service.website],
        }
        for channel in service.channels:
            code = CHANNEL_FIELDS.get(channel.get("kind", "")) if isinstance(channel, dict) else None
            if code:
                fields.setdefault(code, []).append(str(channel.get("value", "")))
        for code, values in fields.items():
            self._field(service_id, "service", code, values)
        self._source(service, service_id, "service")

    def _source(self, listing: Listing, link_id: str, entity: str) -> None:
        if listing.source != DEFAULT_SOURCE:
            self._field(link_id, entity, "source", [listing.source])
            self._field(link_id, entity, "identifiant-source", [listing.source_id])

    def service_areas(self, services: Iterable[Service]) -> None:
        services = list(services)
        names = _zone_names({code for service in services for code in service.zone_eligibilite})
        for service in services:
            for code in dict.fromkeys(service.zone_eligibilite):
                self.tables["service_area"].append(
                    {
                        "id": make_id("service_area", service.pk, code),
                        "service_id": entity_id("service", service.pk),
                        "name": names.get(code, code),
                        "description": f"Code du Code officiel géographique (INSEE) : {code}",
                        "extent": code,
                        "extent_type": "text",
                    }
                )

    # Shared parts -----------------------------------------------------------------------------------------------
    def _location(self, listing: Listing, org_id: str) -> str | None:
        commune = listing.commune
        if commune is None:
            return None
        hidden = listing.address_confidential and not self.include_private
        key = (org_id, commune.pk, "" if hidden else listing.address, hidden, listing.latitude, listing.longitude)
        if key in self._locations:
            return self._locations[key]
        location_id = self._locations[key] = make_id("location", *key)
        description = f"Commune : {commune.name} ({commune.code})."
        if hidden:
            description += " Adresse confidentielle : seule la commune est publiée."
        postal_code = listing.postal_code or (commune.postal_codes[0] if len(commune.postal_codes) == 1 else "")
        if listing.address and not hidden and not postal_code:
            description += f" Adresse : {listing.address}."  # an HSDS address needs a postal code
        self.tables["location"].append(
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": listing.name,
                "description": description,
                "latitude": None if hidden else listing.latitude,
                "longitude": None if hidden else listing.longitude,
            }
        )
        if listing.address and not hidden and postal_code:
            self.tables["address"].append(
                {
                    "id": make_id("address", location_id),
                    "location_id": location_id,
                    "address_1": listing.address,
                    "address_2": listing.address_complement or None,
                    "city": commune.name,
                    "state_province": self._department(commune.department_code),
                    "postal_code": postal_code,
                    "country": COUNTRY,
                    "address_type": "physical",
                }
            )
        if listing.accessibility_url:
            self.tables["accessibility"].append(
                {
                    "id": make_id("accessibility", location_id, listing.accessibility_url),
                    "location_id": location_id,
                    "description": "Fiche d'accessibilité du lieu (acceslibre).",
                    "url": listing.accessibility_url,
                }
            )
        return location_id

    def _department(self, code: str) -> str:
        if self._departments is None:
            self._departments = dict(Department.objects.values_list("code", "name"))
        return self._departments.get(code, code)

    def _phones(self, listing: Listing, owner: dict[str, str], channels: list[dict[str, str]]) -> None:
        numbers: dict[str, tuple[str, str, str]] = {}
        if listing.phone:
            numbers[f"voice:{listing.phone}"] = (listing.phone, "voice", "")
        for channel in channels:
            kind, value = channel.get("kind"), channel.get("value")
            if kind in {ChannelKind.PHONE, ChannelKind.SMS} and value:
                phone_type = "text" if kind == ChannelKind.SMS else "voice"
                numbers.setdefault(f"{phone_type}:{value}", (value, phone_type, channel.get("label", "")))
        if self.include_private and listing.phone_pro:
            numbers["pro"] = (listing.phone_pro, "voice", "Ligne réservée aux professionnels")
        for key, (number, phone_type, description) in numbers.items():
            self.tables["phone"].append(
                {
                    "id": make_id("phone", *owner.values(), key),
                    **owner,
                    "number": number,
                    "type": phone_type,
                    "description": description or None,
                }
            )

    def _private_contact(self, listing: Listing, owner: dict[str, str]) -> None:
        if self.include_private and listing.email_pro:
            self.tables["contact"].append(
                {
                    "id": make_id("contact", *owner.values(), "pro"),
                    **owner,
                    "name": "Contact réservé aux professionnels",
                    "email": listing.email_pro,
                }
            )

    def _schedule(self, expression: str, always_open: bool, owner: Mapping[str, str | None]) -> None:
        if not all(owner.values()):
            return
        expression = "24/7" if always_open else expression.strip()
        if not expression:
            return
        slots = schedules.convert(expression)
        zone = timezone.get_current_timezone_name()
        base = {**owner, "description": f"Horaires au format OpenStreetMap (heure locale, {zone}) : {expression}"}
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

    def _terms(self, link_id: str, entity: str, key: str, codes: Iterable[str]) -> None:
        """Attributes pointing at reference terms; a code the reference list no longer holds is left out."""
        taxonomy = BY_KEY[key]
        reference = taxonomy.reference()
        for code in dict.fromkeys(code for code in codes if code in reference):
            self._attribute(link_id, entity, key, code, taxonomy.link_type, None)

    def _field(self, link_id: str, entity: str, code: str, values: Iterable[str]) -> None:
        for value in dict.fromkeys(value for value in values if value):
            self._attribute(link_id, entity, FIELDS_KEY, code, BY_KEY[FIELDS_KEY].link_type, value)

    def _attribute(self, link_id: str, entity: str, key: str, code: str, link_type: str, value: str | None) -> None:
        self.tables["attribute"].append(
            {
                "id": make_id("attribute", link_id, key, code, value or ""),
                "link_id": link_id,
                "taxonomy_term_id": term_id(key, code),
                "link_type": link_type,
                "link_entity": entity,
                "value": value,
            }
        )


def _joined(parts: Iterable[str]) -> str | None:
    return " – ".join(part for part in parts if part) or None


def _status(service: Service) -> str:
    if service.is_visible_on(timezone.localdate()):
        return "active"
    return SERVICE_STATUS.get(ListingStatus(service.status), "inactive")


def _zone_names(codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    names = {FRANCE: "France entière"}
    regions = {code.removeprefix(REGION_PREFIX) for code in codes if code.startswith(REGION_PREFIX)}
    if regions:
        found = Region.objects.filter(code__in=regions).values_list("code", "name")
        names |= {f"{REGION_PREFIX}{code}": name for code, name in found}
    names |= dict(Department.objects.filter(code__in=codes).values_list("code", "name"))
    names |= dict(EPCI.objects.filter(siren__in=codes).values_list("siren", "name"))
    names |= dict(Commune.objects.current().filter(code__in=codes).values_list("code", "name"))
    return names
