"""Values of an HSDS 3.0 package read back into ours: opening hours, a location's commune and address, zone codes.

Our own export (allervers/directory/exports/hsds_records.py) says some things in text that HSDS has no column
for: a location's commune and INSEE code, an address without a sure postal code, the OpenStreetMap expression of
a schedule. They are read back from that text; a package from elsewhere gives its weekly slots, turned into an
OpenStreetMap expression, and its address's postal code and city, from which the import finds the commune.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from allervers.directory.validators import validate_zone_codes

_COMMUNE = re.compile(r"^Commune : .*? \((\w{5})\)\.")
_ADDRESS = " Adresse : "
_HOURS = re.compile(r"^Horaires au format OpenStreetMap \(heure locale, [^)]*\) : (.+)$", re.DOTALL)
_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::\d{2})?$")
ALWAYS = "24/7"
_END_OF_DAY = "23:59"


def commune_code(description: str | None) -> str | None:
    """« Commune : Bourg-en-Bresse (01053). » is our export's way of giving a location's commune."""
    found = _COMMUNE.match(description or "")
    return found.group(1) if found else None


def address_in_description(description: str | None) -> str | None:
    """An address our export could not put in the address table (no sure postal code) is in the description."""
    text = description or ""
    if _ADDRESS not in text:
        return None
    return text.split(_ADDRESS, 1)[1].removesuffix(".").strip() or None


def expression_in_description(description: str | None) -> str | None:
    found = _HOURS.match(description or "")
    return found.group(1).strip() if found else None


def opening_hours(rows: Iterable[dict[str, str | None]]) -> str:
    """One owner's schedule rows as an OpenStreetMap expression: our export's own when its description holds it,
    else the weekly slots (freq WEEKLY, byday, opens_at, closes_at); rows of another kind are left out."""
    rows = list(rows)
    for row in rows:
        expression = expression_in_description(row.get("description"))
        if expression:
            return expression
    by_days: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        days = tuple(day.strip().upper() for day in (row.get("byday") or "").split(",") if day.strip())
        opens, closes = _time(row.get("opens_at")), _time(row.get("closes_at"))
        if (row.get("freq") or "").upper() != "WEEKLY" or not days or not set(days) <= set(_DAYS):
            continue
        if opens is None or closes is None:
            continue
        if (days, opens, closes) == (tuple(_DAYS), "00:00", _END_OF_DAY):
            return ALWAYS
        by_days.setdefault(days, []).append(f"{opens}-{closes}")
    rules = [f"{_osm_days(days)} {','.join(spans)}" for days, spans in by_days.items()]
    return "; ".join(rules)


def _time(text: str | None) -> str | None:
    found = _TIME.match((text or "").strip())
    return f"{found.group(1)}:{found.group(2)}" if found else None


def _osm_days(days: tuple[str, ...]) -> str:
    ordered = sorted(set(days), key=_DAYS.index)
    return ",".join(day.capitalize() for day in ordered)


def zone_codes(extents: Iterable[str | None]) -> list[str]:
    """The service areas that are zone codes of ours (our export writes the COG code in `extent`); a geometry or
    a place name from elsewhere is left out."""
    codes = []
    for extent in extents:
        try:
            codes += validate_zone_codes([extent or ""])
        except ValidationError:
            continue
    return list(dict.fromkeys(codes))
