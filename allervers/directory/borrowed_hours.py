"""The opening hours a CCAS without its own borrows from its town hall, for the search's « Ouvert maintenant »."""

from __future__ import annotations

from allervers.directory.models import Service
from allervers.territories.models import TownHall
from allervers.territories.templatetags.town_halls import BORROWING_STRUCTURE_TYPES


def town_hall_hours(service_ids: list[int]) -> dict[int, str]:
    """The hours a CCAS without its own borrows from its town hall (those its page shows, labelled: a delegated
    commune's own mairie, else its commune's), so that « Ouvert maintenant » lists it when the town hall is open.
    Two queries, on open-now searches only."""
    services = Service.objects.filter(
        pk__in=service_ids, structure__structure_type__in=BORROWING_STRUCTURE_TYPES, commune__isnull=False
    ).values_list("pk", "commune_id", "commune__parent_id")
    places = {pk: (commune, parent) for pk, commune, parent in services}
    communes = {c for pair in places.values() for c in pair if c is not None}
    halls = dict(TownHall.objects.filter(commune_id__in=communes).values_list("commune_id", "opening_hours"))
    found = {}
    for pk, (commune, parent) in places.items():
        own = halls.get(commune)
        opening = own if own is not None else halls.get(parent, "") if parent is not None else ""
        if opening:
            found[pk] = opening
    return found
