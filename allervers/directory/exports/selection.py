"""Which listings an export carries, fetched in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

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
