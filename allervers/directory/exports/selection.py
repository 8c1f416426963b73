"""Which listings an export carries, fetched in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from allervers.directory.models import Service, Structure


@dataclass
class Selection:
    structures: list[Structure]
    services: list[Service]


def select_listings(*, include_drafts: bool = False) -> Selection:
    """Visible listings (published, or suspended until a past date), or every listing with `include_drafts`."""
    services = Service.objects.select_related("structure", "commune").order_by("structure_id", "pk")
    structures = Structure.objects.select_related("commune").order_by("pk")
    if not include_drafts:
        services, structures = services.visible(), structures.visible()
    return Selection(list(structures), list(services))


class SiteRequest(HttpRequest):
    """Absolute links in an export made outside a web request: the site's configured address."""

    def __init__(self) -> None:
        super().__init__()
        self._base_url = str(settings.ALLERVERS_BASE_URL).rstrip("/")

    def build_absolute_uri(self, location: str | None = None) -> str:
        return self._base_url + (location or "/")
