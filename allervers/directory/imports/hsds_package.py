"""Reading an Open Referral HSDS 3.0 data package (its CSV tables, in a folder or a zip) into import records.

An `organization` becomes a structure, a `service` a service, each a record in data·inclusion vocabulary with its
line in organizations.csv or services.csv, then goes through the same cleaning and writing as any import: the
same checks, the same report. A value that comes from another table (a phone, an address, a schedule) is
reported under its own file and line too (« number (phones.csv, ligne 7) »).

What is read (docs/interoperabilite.md says it field by field): names, descriptions, e-mails, website, SIRET
(`organization_identifier`), the place of a `location` (its address, point and, in our export, its commune), its
schedules, the public phone and the other phones as contact channels, languages, service areas that are COG
codes, and the `attribute` rows pointing at our taxonomies (thematiques, publics, modes d'accueil, frais…) or
at the fields of our extension (`champs-aller-vers`: nature, conditions d'accès, source…). A package of ours is
recognised by that extension taxonomy: its `url` and `uri` are our public pages, not data, and a listing's
identifier is its `identifiant-source` when it has one, its HSDS id otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from allervers.directory.exports.hsds_schema import TABLES, file_name
from allervers.directory.exports.hsds_taxonomies import BY_KEY, FIELDS_KEY, find_taxonomy, find_term
from allervers.directory.imports import tables
from allervers.directory.imports.hsds_values import (
    ALWAYS,
    address_in_description,
    commune_code,
    opening_hours,
    zone_codes,
)
from allervers.directory.imports.records import Dataset, FileFormatError, NamedFile, Record
from allervers.directory.imports.report import RowError, Where

Row = dict[str, Any]  # a table's cells, plus "_line", its line in its file
PRO_PHONE = "Ligne réservée aux professionnels"
PRO_CONTACT = "Contact réservé aux professionnels"
FILES = {file_name(name): name for name in TABLES}
ORGANIZATIONS, SERVICES = file_name("organization"), file_name("service")
# Taxonomy key -> the record's field (lists for the multi-valued ones).
TERM_FIELDS = {
    "thematiques": ("thematiques_detaillees", True),
    "publics": ("publics_detailles", True),
    "modes-accueil": ("modes_accueil", True),
    "modes-mobilisation": ("modes_mobilisation", True),
    "frais": ("frais", False),
    "types-services": ("type", False),
    "reseaux-porteurs": ("reseaux_porteurs_detailles", True),
}
# Our extension's fields -> the record's field (mobilisable_par holds one value per attribute).
EXTENSION_FIELDS = {
    "nature": "nature",
    "type-structure": "type_structure",
    "lien-mobilisation": "lien_mobilisation",
    "conditions-acces": "conditions_acces",
    "publics-precisions": "publics_precisions",
    "frais-precisions": "frais_precisions",
    "site-web": "site_web",
    "source": "source",
}
CHANNEL_TERMS = {"canal-tchat": "chat", "canal-web": "web", "canal-visio": "video"}


def is_package(names: Iterable[str]) -> bool:
    """An HSDS data package: its organizations table (services.csv alone is data·inclusion's)."""
    return ORGANIZATIONS in set(names)


def read_package(files: dict[str, NamedFile]) -> Dataset:
    """`files` by their name in the package (organizations.csv…); other files (datapackage.json) are not read."""
    dataset = Dataset()
    package = _Package({name: _rows(file, dataset.errors) for name, file in files.items() if name in FILES})
    if not package.tables["organization"]:
        raise FileFormatError(f"{ORGANIZATIONS} ne contient aucune organisation.", Where(ORGANIZATIONS, 1))
    dataset.structures = [package.structure(row) for row in package.tables["organization"]]
    dataset.services = [package.service(row) for row in package.tables["service"]]
    return dataset


def _rows(file: NamedFile, errors: list[RowError]) -> list[Row]:
    return [{**cells, "_line": line} for line, cells in tables.csv_rows(file, errors)]


@dataclass
class _Fields:
    """A record being built: its values, and where each value came from when not from the record's own row."""

    data: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)

    def put(self, name: str, value: Any, row: Row | None = None, column: str = "", table: str = "") -> None:
        if value in (None, "", []):
            return
        self.data[name] = value
        if row is not None:
            self.columns[name] = f"{column} ({file_name(table)}, ligne {row['_line']})"


class _Package:
    def __init__(self, by_file: dict[str, list[Row]]) -> None:
        self.tables: dict[str, list[Row]] = {name: by_file.get(file_name(name), []) for name in TABLES}
        self.by: dict[tuple[str, str], dict[str, list[Row]]] = {}
        terms = {row.get("id") or "": row for row in self.tables["taxonomy_term"]}
        self.attributes: dict[str, list[tuple[str, str, Row]]] = defaultdict(list)  # link id -> (key, code, row)
        for row in self.tables["attribute"]:
            found = self._term(row.get("taxonomy_term_id") or "", terms)
            if found is not None:
                self.attributes[row.get("link_id") or ""].append((*found, row))
        fields_id = BY_KEY[FIELDS_KEY].id
        self.ours = any(row.get("id") == fields_id for row in self.tables["taxonomy"]) or any(
            key == FIELDS_KEY for links in self.attributes.values() for key, _, _ in links
        )
        self.organization_keys = {row.get("id") or "": self._key(row) for row in self.tables["organization"]}

    @staticmethod
    def _term(identifier: str, terms: dict[str, Row]) -> tuple[str, str] | None:
        """(taxonomy key, code) of one of our terms: by its identifier, or by its taxonomy's and its code."""
        found = find_term(identifier)
        if found is not None:
            return found[0].key, found[1]
        row = terms.get(identifier)
        taxonomy = find_taxonomy(row.get("taxonomy_id") or "") if row else None
        if row is None or taxonomy is None or (row.get("code") or "") not in taxonomy.reference():
            return None
        return taxonomy.key, row.get("code") or ""

    def rows(self, table: str, column: str, value: str) -> list[Row]:
        index = self.by.get((table, column))
        if index is None:
            index = self.by[(table, column)] = defaultdict(list)
            for row in self.tables[table]:
                index[row.get(column) or ""].append(row)
        return index.get(value, []) if value else []

    def _key(self, row: Row) -> str:
        """A listing's identifier in its source: its `identifiant-source` attribute, else its HSDS id."""
        for key, code, attribute in self.attributes.get(row.get("id") or "", []):
            if key == FIELDS_KEY and code == "identifiant-source" and attribute.get("value"):
                return str(attribute["value"])
        return str(row.get("id") or "")

    # Records ------------------------------------------------------------------------------------------------
    def structure(self, row: Row) -> Record:
        fields = _Fields()
        org_id = row.get("id") or ""
        fields.put("id", self._key(row))
        fields.put("nom", row.get("name"))
        description = row.get("description")
        fields.put("description", None if description == row.get("name") else description)
        fields.put("courriel", row.get("email"))
        fields.put("site_web", row.get("website"))
        for identifier in self.rows("organization_identifier", "organization_id", org_id):
            if (identifier.get("identifier_type") or "").upper() == "SIRET":
                fields.put("siret", identifier.get("identifier"), identifier, "identifier", "organization_identifier")
        self._attributes(fields, org_id)
        location = self._organization_location(row)
        if location is not None:
            self._place(fields, location)
            location_id = location.get("id") or ""
            schedules = [s for s in self.rows("schedule", "location_id", location_id) if not s.get("service_id")]
            self._hours(fields, schedules)
            for accessibility in self.rows("accessibility", "location_id", location_id)[:1]:
                fields.put("accessibilite_lieu", accessibility.get("url"), accessibility, "url", "accessibility")
        self._contacts(fields, self.rows("phone", "organization_id", org_id), "organization_id", org_id)
        return self._record(ORGANIZATIONS, row, fields)

    def service(self, row: Row) -> Record:
        fields = _Fields()
        service_id = row.get("id") or ""
        fields.put("id", self._key(row))
        fields.put("structure_id", self.organization_keys.get(row.get("organization_id") or "", ""))
        fields.columns["structure_id"] = "organization_id"
        fields.put("nom", row.get("name"))
        fields.put("description", row.get("description"))
        fields.put("courriel", row.get("email"))
        fields.put("mobilisation_precisions", row.get("application_process"))
        fields.put("verifie_le", (row.get("assured_date") or "")[:10] or None)
        self._attributes(fields, service_id)
        if not self.ours:  # a package from elsewhere says these in text only, and its `url` is the service's site
            fields.data.setdefault("frais_precisions", row.get("fees_description") or "")
            fields.data.setdefault("conditions_acces", row.get("eligibility_description") or "")
            if row.get("url"):
                fields.put("site_web", row.get("url"))
        for link in self.rows("service_at_location", "service_id", service_id)[:1]:
            location = next(iter(self.rows("location", "id", link.get("location_id") or "")), None)
            if location is not None:
                self._place(fields, location)
                for accessibility in self.rows("accessibility", "location_id", location.get("id") or "")[:1]:
                    fields.put("accessibilite_lieu", accessibility.get("url"), accessibility, "url", "accessibility")
        areas = self.rows("service_area", "service_id", service_id)
        if zone := zone_codes(area.get("extent") for area in areas):
            fields.put("zone_eligibilite_detaillee", zone, areas[0], "extent", "service_area")
        languages = self.rows("language", "service_id", service_id)
        if codes := list(dict.fromkeys(language["code"] for language in languages if language.get("code"))):
            fields.put("langues", codes, languages[0], "code", "language")
        self._hours(fields, self.rows("schedule", "service_id", service_id))
        self._contacts(fields, self.rows("phone", "service_id", service_id), "service_id", service_id)
        return self._record(SERVICES, row, fields)

    def _record(self, table_file: str, row: Row, fields: _Fields) -> Record:
        where = Where(table_file, row["_line"])
        data = fields.data
        data.setdefault("id", "")
        return Record(where, data, fields.columns, key=str(data["id"]), structure_key=str(data.get("structure_id", "")))

    # Parts --------------------------------------------------------------------------------------------------
    def _attributes(self, fields: _Fields, link_id: str) -> None:
        channels: list[dict[str, str]] = []
        for key, code, attribute in self.attributes.get(link_id, []):
            value = attribute.get("value")
            if key in TERM_FIELDS:
                name, many = TERM_FIELDS[key]
                if many:
                    fields.data.setdefault(name, []).append(code)
                else:
                    fields.data[name] = code
            elif code == "mobilisable-par" and value:
                name = "mobilisable_par"
                fields.data.setdefault(name, []).append(value)
            elif code == "adresse-confidentielle":
                name = "adresse_confidentielle"
                fields.data[name] = (value or "").strip().lower() == "true"
            elif code in EXTENSION_FIELDS and value:
                name = EXTENSION_FIELDS[code]
                fields.data[name] = value
            elif code in CHANNEL_TERMS and value:
                name = "canaux"
                channels.append({"kind": CHANNEL_TERMS[code], "value": value, "label": ""})
            else:
                continue
            # The cleaning names a detailed list by its plain name (thematiques for thematiques_detaillees).
            column = name.removesuffix("_detaillees").removesuffix("_detailles")
            cell = "taxonomy_term_id" if key in TERM_FIELDS else "value"
            fields.columns.setdefault(column, f"{cell} ({file_name('attribute')}, ligne {attribute['_line']})")
        if channels:
            fields.data["_channels"] = channels

    def _organization_location(self, organization: Row) -> Row | None:
        """The organization's own place: in our export, its location bears its name; else its first location."""
        locations = self.rows("location", "organization_id", organization.get("id") or "")
        named = [location for location in locations if location.get("name") == organization.get("name")]
        if self.ours:
            return named[0] if named else None
        candidates = named or locations
        return candidates[0] if candidates else None

    def _place(self, fields: _Fields, location: Row) -> None:
        description = location.get("description")
        fields.put("code_insee", commune_code(description), location, "description", "location")
        fields.put("latitude", location.get("latitude"), location, "latitude", "location")
        fields.put("longitude", location.get("longitude"), location, "longitude", "location")
        for address in self.rows("address", "location_id", location.get("id") or "")[:1]:
            fields.put("adresse", address.get("address_1"), address, "address_1", "address")
            fields.put("complement_adresse", address.get("address_2"), address, "address_2", "address")
            fields.put("code_postal", address.get("postal_code"), address, "postal_code", "address")
            fields.put("commune", address.get("city"), address, "city", "address")
        if "adresse" not in fields.data:
            fields.put("adresse", address_in_description(description), location, "description", "location")

    def _hours(self, fields: _Fields, schedules: list[Row]) -> None:
        if not schedules:
            return
        expression = opening_hours(schedules)
        fields.put("horaires_accueil", expression, schedules[0], "description", "schedule")
        if expression == ALWAYS:
            fields.data["ouvert_24h"] = True

    def _contacts(self, fields: _Fields, phones: list[Row], owner: str, owner_id: str) -> None:
        """The first voice number without a label is the public phone; the professional line is one; every other
        number is a contact channel (a voice one a phone, a text one an SMS), its description its label."""
        channels, lines = [], []
        for phone in phones:
            number, description = phone.get("number"), phone.get("description") or ""
            if not number:
                continue
            if description == PRO_PHONE:
                fields.put("telephone_pro", number, phone, "number", "phone")
            elif "telephone" not in fields.data and (phone.get("type") or "voice") == "voice" and not description:
                fields.put("telephone", number, phone, "number", "phone")
            else:
                kind = "sms" if phone.get("type") == "text" else "phone"
                channels.append({"kind": kind, "value": number, "label": description})
                lines.append(str(phone["_line"]))
        if lines:  # the cleaning checks the channels together: name every line they come from
            unit = "lignes" if len(lines) > 1 else "ligne"
            fields.columns["canaux"] = f"number ({file_name('phone')}, {unit} {', '.join(lines)})"
        channels += fields.data.pop("_channels", [])
        if channels:
            fields.data["canaux"] = channels
        for contact in self.rows("contact", owner, owner_id):
            if contact.get("name") == PRO_CONTACT:
                fields.put("courriel_pro", contact.get("email"), contact, "email", "contact")
