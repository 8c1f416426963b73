"""Filters that put reference codes and place names into French: {% load wording %}."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import phonenumbers
from django import template

from allervers.common.wording import near_place
from allervers.taxonomy.languages import language_names

register = template.Library()


@register.filter
def near(place: Any) -> str:
    """{{ commune|near }} → « près d'Oyonnax »; a Commune (its department decides an « h ») or a name."""
    if isinstance(place, str):
        return near_place(place)
    return near_place(str(place.name), str(getattr(place, "department_code", "") or ""))


@register.filter
def languages(codes: Iterable[str] | None) -> str:
    """{{ service.languages|languages }} → « français, anglais, arabe »."""
    return ", ".join(language_names(codes or []))


@register.filter
def international_phone(value: str) -> str:
    """{{ "+33180523376"|international_phone }} → « +33 1 80 52 33 76 », dialable from abroad too (the 116 006's
    second number is for callers abroad: « 01 80 52 33 76 » would not reach it from there). Short numbers as typed."""
    if not value.startswith("+"):
        return value
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
