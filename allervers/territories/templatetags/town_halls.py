"""{% listing_town_hall listing as town_hall %}: the town hall a listing without its own contact may show, labelled.

Only a CCAS does: its town hall answers for it. Any other listing (an association, a CIAS, whose town hall is that of
its seat only) never borrows a town hall's contact. Duck-typed on the listing so that this reference layer knows
nothing of the directory: `structure_type` (a structure) or `structure.structure_type` (a service), `phone`,
`opening_hours` and `commune`.
"""

from __future__ import annotations

from typing import Any

from django import template

from allervers.territories.models import TownHall

register = template.Library()

BORROWING_STRUCTURE_TYPES = frozenset({"ccas"})


@register.simple_tag
def listing_town_hall(listing: Any) -> TownHall | None:
    structure = getattr(listing, "structure", listing)
    if getattr(structure, "structure_type", "") not in BORROWING_STRUCTURE_TYPES:
        return None
    if getattr(listing, "phone", "") and getattr(listing, "opening_hours", ""):
        return None  # its own contact is complete
    commune = getattr(listing, "commune", None)
    town_hall = commune.public_town_hall if commune is not None else None
    return town_hall if town_hall is not None and town_hall.has_contact else None
