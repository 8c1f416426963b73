"""Field validation shared by forms, imports and the demo loader. Messages are French: people read them."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from opening_hours import OpeningHours, ParserError  # type: ignore[attr-defined]  # missing from its stub

from allervers.territories.models import FRANCE, REGION_PREFIX

_ZONE_RE = re.compile(r"^(\d{5}|2[AB]\d{3}|\d{9}|\d{2}|2[AB]|97\d|R\d{2}|france)$")
SHORT_NUMBER_RE = re.compile(r"^(1[5-9]|11\d|19\d|3\d{3}|116\d{3})$")


def normalize_phone(value: str) -> str:
    """A French phone number in E.164 (+33…), or a short number (17, 3919, 116 006) as dialled."""
    raw = value.strip()
    compact = re.sub(r"[\s.\-]", "", raw)
    if SHORT_NUMBER_RE.match(compact):
        return compact
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(f"« {value} » n'est pas un numéro de téléphone.") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(f"« {value} » n'est pas un numéro de téléphone valide.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str) -> str:
    """How a French reader expects to see a number: 04 74 00 00 00, 3919, 116 006."""
    if not value.startswith("+"):
        return f"{value[:3]} {value[3:]}" if value.startswith("116") and len(value) == 6 else value
    number = phonenumbers.parse(value, "FR")
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def validate_opening_hours(value: str) -> str:
    value = value.strip()
    if not value:
        return value
    try:
        OpeningHours(value)
    except (ParserError, ValueError) as exc:
        raise ValidationError(
            f"« {value} » n'est pas un horaire au format OpenStreetMap (exemple : « Mo-Fr 09:00-12:00 »)."
        ) from exc
    return value


def validate_zone_codes(codes: list[str]) -> list[str]:
    """Zone codes as data·inclusion writes them (commune, EPCI, department, france), plus R<code> for a region."""
    if not codes:
        raise ValidationError("La zone d'intervention doit contenir au moins un code.")
    cleaned = []
    for code in codes:
        code = code.strip()
        if code.lower() == FRANCE:
            code = FRANCE
        if not _ZONE_RE.match(code):
            raise ValidationError(
                f"« {code} » n'est pas un code de zone : code commune INSEE, SIREN d'EPCI, département, "
                f"{REGION_PREFIX} suivi du code région, ou « france »."
            )
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


def validate_terms(codes: list[str], reference: dict[str, Any], what: str) -> list[str]:
    unknown = [code for code in codes if code not in reference]
    if unknown:
        raise ValidationError(f"Valeur(s) inconnue(s) pour {what} : {', '.join(unknown)}.")
    return list(dict.fromkeys(codes))
