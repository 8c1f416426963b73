"""Validating records (data·inclusion pydantic models, then our own rules) into model field values.

Nothing here writes. Communes are resolved once per distinct text (a per-import cache) and INSEE codes
in one query for the whole file, so that a large file costs a handful of queries.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from data_inclusion.schema import v1 as di
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from pydantic import ValidationError as PydanticError

from allervers.common.text import fold
from allervers.directory.enums import ServiceKind
from allervers.directory.imports.fields import clean_channels, commune_point, expand_zone
from allervers.directory.imports.messages import french_message
from allervers.directory.imports.readers import Dataset, Record
from allervers.directory.imports.report import RowError
from allervers.directory.validators import normalize_phone, validate_opening_hours, validate_terms
from allervers.taxonomy import terms
from allervers.taxonomy.structure_types import StructureType
from allervers.territories.enums import CommuneKind
from allervers.territories.models import FRANCE, Commune
from allervers.territories.resolver import CommuneResolutionError, resolve_commune

PLACE_KEYS = ("code_insee", "commune", "code_postal")
LATITUDE_BOUND, LONGITUDE_BOUND = 90.0, 180.0
# Django's enum .values rebuilds its list at each call: read once.
_STRUCTURE_TYPES = frozenset(StructureType.values)
_SERVICE_KINDS = frozenset(ServiceKind.values)


@dataclass
class Prepared:
    """A valid record as model field values; `verified_on` is the file's date (None when it gives none)."""

    record: Record
    fields: dict[str, Any]
    verified_on: datetime.date | None = None
    structure: Prepared | None = None  # for a service


@dataclass
class Cleaned:
    structures: list[Prepared] = field(default_factory=list)
    services: list[Prepared] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class Cleaner:
    def __init__(self, source: str | None, default_source: str, tick: Callable[[], None] | None = None) -> None:
        self.source, self.default_source = source, default_source
        self.tick = tick or (lambda: None)
        self.today = timezone.localdate()
        self._by_code: dict[str, Commune] = {}
        self._by_text: dict[str, Commune | CommuneResolutionError] = {}

    def clean(self, dataset: Dataset) -> Cleaned:
        result = Cleaned(errors=list(dataset.errors))
        self._load_codes(dataset.structures + dataset.services)
        by_key: dict[str, Prepared] = {}
        structure_keys = {record.key for record in dataset.structures}
        for record in dataset.structures:
            prepared = self._structure(record, result.errors)
            self.tick()
            if prepared is not None:
                by_key.setdefault(record.key, prepared)
                result.structures.append(prepared)
        for record in dataset.services:
            parent = by_key.get(record.structure_key)
            if parent is None and record.structure_key not in structure_keys:
                result.errors.append(
                    RowError(record.where, record.column("structure_id"), "structure inconnue dans ce fichier.")
                )
            # A service of a structure that failed validation: its zone tokens can't be checked, don't pile errors.
            prepared = self._service(record, parent, result.errors, parent_failed=parent is None)
            self.tick()
            if prepared is not None:
                result.services.append(prepared)
        _check_unique_ids(result)
        return result

    # --- structures ------------------------------------------------------------------------------------

    def _structure(self, record: Record, errors: list[RowError]) -> Prepared | None:
        data, report = record.data, _Reporter(record, errors)
        reseaux = report.check(
            "reseaux_porteurs",
            lambda: self._terms(record, "reseaux_porteurs", terms.reseaux_porteurs(), "les réseaux porteurs"),
        )
        structure_type = data.get("type_structure") or StructureType.AUTRE
        if structure_type not in _STRUCTURE_TYPES:
            report.add("type_structure", f"type de structure inconnu : « {structure_type} ».")
        overrides = {"reseaux_porteurs": terms.to_datainclusion(reseaux or [], terms.reseaux_porteurs())}
        date_maj = self._validate_model(di.Structure, record, overrides, report)
        place = self._place(record, report)
        fields = {
            "source": self._source(data),
            "source_id": str(data.get("id") or ""),
            "name": str(data.get("nom") or ""),
            "description": str(data.get("description") or ""),
            "siret": str(data.get("siret") or ""),
            "structure_type": structure_type,
            "reseaux_porteurs": reseaux or [],
            "website": str(data.get("site_web") or ""),
            "accessibility_url": str(data.get("accessibilite_lieu") or ""),
            **place,
            **self._contacts(record, report),
        }
        return None if report.failed else Prepared(record, fields, self._verified_on(data, date_maj))

    # --- services --------------------------------------------------------------------------------------

    def _service(
        self, record: Record, parent: Prepared | None, errors: list[RowError], parent_failed: bool = False
    ) -> Prepared | None:
        data, report = record.data, _Reporter(record, errors)
        thematiques = report.check(
            "thematiques", lambda: self._terms(record, "thematiques", terms.thematiques(), "les thématiques")
        )
        publics = report.check("publics", lambda: self._terms(record, "publics", terms.publics(), "les publics"))
        modes = report.check(
            "modes_accueil",
            lambda: self._terms(record, "modes_accueil", terms.modes_accueil(), "les modes d'accueil", detailed=False),
        )
        kind = data.get("nature") or ServiceKind.SERVICE
        if kind not in _SERVICE_KINDS:
            report.add("nature", f"nature inconnue : « {kind} » (attendu : service ou helpline).")
        overrides: dict[str, Any] = {
            "structure_id": record.structure_key or "?",
            "thematiques": terms.to_datainclusion(thematiques or [], terms.thematiques()) or None,
            "publics": datainclusion_publics(publics or []) or None,
            "modes_accueil": modes or None,
            "zone_eligibilite": None,  # checked below, more strictly, with region codes allowed
        }
        date_maj = self._validate_model(di.Service, record, overrides, report)
        place = self._place(record, report)
        on_site = terms.ON_SITE in (modes or [])
        inherits = place["commune"] is None and parent is not None and on_site and kind == ServiceKind.SERVICE
        if inherits and parent is not None and not any(data.get(key) for key in PLACE_KEYS):
            place = _inherited_place(parent, place["address_confidential"])
        zone = [] if parent_failed and place["commune"] is None else self._zone(record, place["commune"], kind, report)
        fields = {
            "source": self._source(data),
            "source_id": str(data.get("id") or ""),
            "name": str(data.get("nom") or ""),
            "description": str(data.get("description") or ""),
            "kind": kind,
            "service_type": str(data.get("type") or ""),
            "thematiques": thematiques or [],
            "publics": publics or [],
            "publics_precisions": str(data.get("publics_precisions") or ""),
            "modes_accueil": modes or [],
            "frais": str(data.get("frais") or ""),
            "frais_precisions": str(data.get("frais_precisions") or ""),
            "conditions_acces": str(data.get("conditions_acces") or ""),
            "modes_mobilisation": sorted(data.get("modes_mobilisation") or []),
            "mobilisable_par": sorted(data.get("mobilisable_par") or []),
            "mobilisation_precisions": str(data.get("mobilisation_precisions") or ""),
            "lien_mobilisation": str(data.get("lien_mobilisation") or ""),
            "zone_eligibilite": zone,
            "languages": list(data.get("langues") or []),
            "always_open": bool(data.get("ouvert_24h", False)),
            "channels": report.check("canaux", lambda: clean_channels(_channels(data.get("canaux")))) or [],
            "website": str(data.get("site_web") or ""),
            "accessibility_url": str(data.get("accessibilite_lieu") or ""),
            **place,
            **self._contacts(record, report),
        }
        if not fields["phone"]:
            fields["phone"] = next((c["value"] for c in fields["channels"] if c["kind"] == "phone"), "")
        if report.failed:
            return None
        return Prepared(record, fields, self._verified_on(data, date_maj), structure=parent)

    def _zone(self, record: Record, commune: Commune | None, kind: str, report: _Reporter) -> list[str]:
        data = record.data
        column = "zone_eligibilite_detaillee" if data.get("zone_eligibilite_detaillee") else "zone_eligibilite"
        codes = list(data.get(column) or [])
        if not codes:
            if commune is not None:
                return [commune.current.code]
            if kind == ServiceKind.HELPLINE:
                return [FRANCE]
            report.add(column, "zone d'intervention obligatoire pour un service sans commune.")
            return []
        return report.check(column, lambda: expand_zone(codes, commune)) or []

    # --- shared ----------------------------------------------------------------------------------------

    def _source(self, data: dict[str, Any]) -> str:
        return self.source or str(data.get("source") or "") or self.default_source

    def _validate_model(
        self, model: type[di.Structure] | type[di.Service], record: Record, overrides: dict[str, Any], report: _Reporter
    ) -> datetime.date | None:
        values = {name: record.data[name] for name in model.model_fields if name in record.data}
        values.update({name: value for name, value in overrides.items() if name in model.model_fields})
        values["source"] = self._source(record.data)
        values.setdefault("id", "")
        values.setdefault("date_maj", self.today)
        values = {name: value for name, value in values.items() if value is not None}
        try:
            day: datetime.date | None = model.model_validate(values).date_maj
            return day
        except PydanticError as error:
            for detail in error.errors():
                report.add(str(detail["loc"][0]) if detail["loc"] else "", french_message(detail))
            return None

    def _verified_on(self, data: dict[str, Any], date_maj: datetime.date | None) -> datetime.date | None:
        if data.get("verifie_le"):
            try:
                return datetime.date.fromisoformat(str(data["verifie_le"])[:10])
            except ValueError:
                return None
        return date_maj if data.get("date_maj") else None

    def _terms(
        self, record: Record, name: str, reference: dict[str, terms.Term], what: str, detailed: bool = True
    ) -> list[str]:
        detail = f"{name}_detailles" if name == "publics" else f"{name}_detaillees"
        if name == "reseaux_porteurs":
            detail = "reseaux_porteurs_detailles"
        values = record.data.get(detail) if detailed and record.data.get(detail) else record.data.get(name)
        return validate_terms(_codes_from_labels(_text_list(values), reference), reference, what)

    def _place(self, record: Record, report: _Reporter) -> dict[str, Any]:
        data = record.data
        commune = self._commune(record, report)
        confidential = bool(data.get("adresse_confidentielle", False))
        latitude = _coordinate(data.get("latitude"), LATITUDE_BOUND, "latitude", report)
        longitude = _coordinate(data.get("longitude"), LONGITUDE_BOUND, "longitude", report)
        if confidential or latitude is None or longitude is None:
            latitude, longitude = commune_point(commune)
        postal_code = str(data.get("code_postal") or "")
        if not postal_code and commune is not None and commune.postal_codes:
            postal_code = commune.postal_codes[0]
        return {
            "commune": commune,
            "address": str(data.get("adresse") or ""),
            "address_complement": str(data.get("complement_adresse") or ""),
            "postal_code": postal_code,
            "latitude": latitude,
            "longitude": longitude,
            "address_confidential": confidential,
        }

    def _commune(self, record: Record, report: _Reporter) -> Commune | None:
        data = record.data
        code = str(data.get("code_insee") or "").strip().upper()
        if code and code in self._by_code:
            return self._by_code[code]
        text = code or " ".join(str(data.get(key) or "") for key in ("code_postal", "commune")).strip()
        if not text:
            return None
        if text not in self._by_text:
            try:
                self._by_text[text] = resolve_commune(text).commune
            except CommuneResolutionError as error:
                self._by_text[text] = error
        found = self._by_text[text]
        if isinstance(found, CommuneResolutionError):
            report.add("code_insee" if code else "commune", found.message)
            return None
        return found

    def _load_codes(self, records: list[Record]) -> None:
        codes = {str(r.data.get("code_insee") or "").strip().upper() for r in records} - {""}
        rows = Commune.objects.select_related("parent").filter(
            code__in=codes, kind__in=[CommuneKind.COMMUNE, CommuneKind.MUNICIPAL_DISTRICT]
        )
        for commune in sorted(rows, key=lambda row: row.kind != CommuneKind.COMMUNE, reverse=True):
            self._by_code[commune.code] = commune

    def _contacts(self, record: Record, report: _Reporter) -> dict[str, Any]:
        data = record.data
        fields = {
            "phone": report.check("telephone", lambda: _phone(data.get("telephone"))) or "",
            "email": str(data.get("courriel") or ""),
            "opening_hours": report.check("horaires_accueil", lambda: _hours(str(data.get("horaires_accueil") or "")))
            or "",
        }
        # Professional-only contacts change only when the file has their column.
        if "telephone_pro" in data:
            fields["phone_pro"] = report.check("telephone_pro", lambda: _phone(data.get("telephone_pro"))) or ""
        if "courriel_pro" in data:
            fields["email_pro"] = report.check("courriel_pro", lambda: _email(data.get("courriel_pro"))) or ""
        return fields


class _Reporter:
    """Collects a record's errors with their column as the file names it."""

    def __init__(self, record: Record, errors: list[RowError]) -> None:
        self.record, self.errors, self.failed = record, errors, False

    def add(self, name: str, message: str) -> None:
        self.failed = True
        self.errors.append(RowError(self.record.where, self.record.column(name) if name else "", message))

    def check(self, name: str, check: Callable[[], Any]) -> Any:
        try:
            return check()
        except ValidationError as error:
            for message in error.messages:
                self.add(name, message)
            return None


def datainclusion_publics(codes: list[str]) -> list[str]:
    """Our publics as data·inclusion's, where « tous-publics » can't stand beside another public."""
    mapped = terms.to_datainclusion(codes, terms.publics())
    tous = di.Public.TOUS_PUBLICS.value
    return [code for code in mapped if code != tous] if len(mapped) > 1 else mapped


def _inherited_place(parent: Prepared, confidential: bool) -> dict[str, Any]:
    place = {key: parent.fields[key] for key in ("commune", "address", "address_complement", "postal_code")}
    place["address_confidential"] = confidential or parent.fields["address_confidential"]
    if place["address_confidential"]:
        place["latitude"], place["longitude"] = commune_point(place["commune"])
    else:
        place["latitude"], place["longitude"] = parent.fields["latitude"], parent.fields["longitude"]
    return place


@lru_cache(maxsize=4096)
def _label_map(reference_id: int, items: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {fold(label): code for code, label in items}


def _codes_from_labels(values: list[str], reference: dict[str, terms.Term]) -> list[str]:
    """A coordinator may type « Violences conjugales » rather than its code."""
    if all(value in reference for value in values):
        return values
    labels = _label_map(id(reference), tuple((code, term.label) for code, term in reference.items()))
    return [value if value in reference else labels.get(fold(value), value) for value in values]


@lru_cache(maxsize=8192)
def _cached_phone(value: str) -> str:
    return normalize_phone(value)


def _phone(value: Any) -> str:
    return _cached_phone(str(value).strip()) if value else ""


@lru_cache(maxsize=4096)
def _hours(value: str) -> str:
    return validate_opening_hours(value)


def _email(value: Any) -> str:
    text = str(value or "").strip()
    if text:
        try:
            validate_email(text)
        except ValidationError as error:
            raise ValidationError(f"« {text} » n'est pas une adresse électronique valide.") from error
    return text


def _float(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _coordinate(value: Any, bound: float, name: str, report: _Reporter) -> float | None:
    """A latitude or longitude in degrees; an unreadable one is the schema's error, an impossible one ours."""
    number = _float(value)
    if number is not None and not (math.isfinite(number) and -bound <= number <= bound):
        report.add(name, f"{name} impossible : {value} (entre -{bound:g} et {bound:g} degrés).")
        return None
    return number


def _text_list(values: Any) -> list[str]:
    """A list field's values as texts; the readers give lists, anything else is the file's error."""
    if values is None or values == "":
        return []
    if not isinstance(values, list | tuple):
        raise ValidationError("une liste de valeurs est attendue.")
    return [str(value) for value in values]


def _channels(raw: Any) -> list[dict[str, str]]:
    """Channels as we store them ({kind, value, label}) or as the API exports them ({nature, valeur, libelle})."""
    if not raw:
        return []
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise ValidationError("les canaux doivent être une liste d'objets {kind, value, label}.")
    return [
        {
            "kind": str(item.get("kind") or item.get("nature") or ""),
            "value": str(item.get("value") or item.get("valeur") or ""),
            "label": str(item.get("label") or item.get("libelle") or ""),
        }
        for item in raw
    ]


def _check_unique_ids(result: Cleaned) -> None:
    for items in (result.structures, result.services):
        seen: dict[tuple[str, str], Prepared] = {}
        for prepared in items:
            ident = (prepared.fields["source"], prepared.fields["source_id"])
            if not ident[1]:
                continue
            if ident in seen:
                first = seen[ident].record.where
                result.errors.append(
                    RowError(
                        prepared.record.where,
                        prepared.record.column("id"),
                        f"identifiant « {ident[1]} » déjà utilisé ({first}).",
                    )
                )
            seen.setdefault(ident, prepared)
