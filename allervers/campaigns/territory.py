"""The help pages' territories: a commune (INSEE code) or an EPCI (SIREN), what they show and their URL.

Everything printed or shown comes from the directory and the taxonomy: the emergency numbers of
taxonomy.emergency, the helplines of the directory (their numbers as the directory holds them), the local services
found by the directory's own search near the commune.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from allervers.campaigns.enums import THEME_THEMATIQUES
from allervers.directory.models import Service
from allervers.directory.search import SearchHit, SearchQuery, search_services
from allervers.directory.validators import display_phone
from allervers.taxonomy.emergency import EMERGENCY_NUMBERS
from allervers.territories.models import EPCI, Commune, CommuneQuerySet

# How many services the help page lists: it stays light (under 100 KB) and reads on a phone.
LOCAL_LIMIT = 6
NEAREST_LIMIT = 4


@dataclass(frozen=True)
class Territory:
    code: str
    name: str
    commune: Commune  # the commune the search starts from (for an EPCI: its most populated one)
    epci: EPCI | None = None

    @property
    def is_epci(self) -> bool:
        return self.epci is not None

    @property
    def path(self) -> str:
        if self.epci is not None:
            return reverse("campaigns:help-epci", args=[self.code])
        return reverse("campaigns:help", args=[self.code])

    @property
    def url(self) -> str:
        """The address printed and encoded in the QR codes: the public site's base URL and the clean path."""
        return settings.ALLERVERS_BASE_URL.rstrip("/") + self.path

    @property
    def label(self) -> str:
        return f"l'intercommunalité {self.name}" if self.epci is not None else self.name

    def communes(self) -> list[Commune]:
        if self.epci is None:
            return [self.commune]
        return list(Commune.objects.current().filter(epci=self.epci).order_by("search_name"))


def commune_territory(code: str) -> Territory | None:
    commune = Commune.objects.current().select_related("epci", "department").filter(code=code).first()
    return Territory(code=commune.code, name=commune.name, commune=commune) if commune else None


def epci_territory(siren: str) -> Territory | None:
    epci = EPCI.objects.filter(siren=siren).first()
    if epci is None:
        return None
    seat = Commune.objects.current().filter(epci=epci).select_related("department").order_by("-population").first()
    return Territory(code=epci.siren, name=epci.name, commune=seat, epci=epci) if seat else None


def territory(code: str) -> Territory | None:
    """A commune's INSEE code (5 characters, 2A/2B included) or an EPCI's SIREN (9 digits); None otherwise."""
    if len(code) == 9 and code.isdigit():
        return epci_territory(code)
    if len(code) == 5:
        return commune_territory(code.upper())
    return None


def zone_communes(zone_code: str) -> CommuneQuerySet:
    """The current communes of a campaign's territory: the commune itself, an EPCI's or a department's."""
    return Commune.objects.current().filter(Q(code=zone_code) | Q(epci_id=zone_code) | Q(department_id=zone_code))


def is_department(zone_code: str) -> bool:
    return len(zone_code) in (2, 3) and not zone_code.isalpha()


def within(place: Territory, zone_code: str) -> bool:
    """Whether a help page's territory lies in a campaign's, so that its supports may be made and its scans counted.

    A commune lies in its own territory, its EPCI's and its department's. An EPCI lies in its own territory and in
    a department where one of its communes is (an intercommunality may straddle a border); never in a commune's."""
    if place.code == zone_code:
        return True
    if place.epci is None:
        return zone_communes(zone_code).filter(code=place.code).exists()
    return (
        is_department(zone_code) and Commune.objects.current().filter(epci=place.epci, department_id=zone_code).exists()
    )


def territory_choices(zone_code: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The communes and EPCIs of a campaign's territory, grouped by EPCI, for a support's territory to be chosen."""
    groups: dict[str, list[tuple[str, str]]] = {}
    communes = zone_communes(zone_code).select_related("epci").order_by("epci__name", "search_name")
    names: dict[str, str] = {}
    for commune in communes:
        key = commune.epci_id or ""
        if key not in groups:
            groups[key] = [(key, f"Toute l'intercommunalité : {commune.epci.name}")] if commune.epci else []
            names[key] = commune.epci.name if commune.epci else "Communes hors intercommunalité"
        groups[key].append((commune.code, f"{commune.name} ({commune.code})"))
    if len(zone_code) == 5:  # a commune's campaign: its own commune only
        return [(names[key], [row for row in rows if row[0] == zone_code]) for key, rows in groups.items()]
    return [(names[key], rows) for key, rows in groups.items()]


@dataclass(frozen=True)
class Line:
    """A helpline as a support prints it: its name and its number as the directory holds it."""

    name: str
    number: str
    service: Service

    @property
    def display(self) -> str:
        return display_phone(self.number)

    @property
    def href(self) -> str:
        return "tel:" + self.number.replace(" ", "")


def _number(service: Service) -> str:
    if service.phone:
        return service.phone
    return next((c["value"] for c in service.channels if c.get("kind") == "phone" and c.get("value")), "")


def helplines(theme: str | None = None) -> list[Line]:
    """The directory's published helplines that have a number and are not an emergency number already shown
    (114, 115): all of them, or those of a campaign's theme."""
    emergency = {item.number for item in EMERGENCY_NUMBERS}
    services = Service.objects.visible().helplines().order_by("name")
    if theme:
        services = services.with_thematiques(THEME_THEMATIQUES.get(theme, []))
    lines = []
    for service in services:
        number = _number(service)
        if number and number.replace(" ", "") not in emergency:
            lines.append(Line(name=_short_name(service.name, number), number=number, service=service))
    return lines


def _short_name(name: str, number: str) -> str:
    """« 3919 – Violences Femmes Info » prints as « Violences Femmes Info » beside its number."""
    digits = {number.replace(" ", ""), display_phone(number).replace(" ", "")}
    for separator in (" – ", " - "):
        head, _, tail = name.partition(separator)
        if tail and head.replace(" ", "") in digits:
            return tail
        if tail and tail.replace(" ", "") in digits:
            return head
    return name


@dataclass
class HelpContent:
    territory: Territory
    local: list[SearchHit] = field(default_factory=list)
    nearest: list[SearchHit] = field(default_factory=list)


def local_services(place: Territory) -> HelpContent:
    """The directory's search near the commune: services of the territory first, then the nearest on-site ones."""
    result = search_services(SearchQuery(commune=place.commune, size=40))
    codes = {commune.code for commune in place.communes()}
    content = HelpContent(territory=place)
    for hit in result.hits:
        service = hit.service
        if service.is_helpline:
            continue
        here = service.commune is not None and service.commune.current.code in codes
        if here and len(content.local) < LOCAL_LIMIT:
            content.local.append(hit)
        elif not here and hit.distance_m is not None:
            content.nearest.append(hit)
    content.nearest = sorted(content.nearest, key=lambda hit: hit.distance_m or 0)[:NEAREST_LIMIT]
    return content
