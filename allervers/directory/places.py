"""Turning what a person gives (a picked code, a typed name, a browser position) into a commune."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import F, FloatField, Value

from allervers.common.geo import longitude_scale
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune

_SEARCH_BOX_DEGREES = 0.3


def commune_by_code(code: str) -> Commune | None:
    """The current commune (or Paris/Lyon/Marseille district) with this INSEE code."""
    return _commune_by_code(code.strip().upper())


@lru_cache(maxsize=8192)
def _commune_by_code(code: str) -> Commune | None:
    # The COG changes only when it is reloaded (then the processes restart): a search need not read it each time.
    return (
        Commune.objects.select_related("parent", "department", "epci")
        .filter(code=code, kind__in=[CommuneKind.COMMUNE, CommuneKind.MUNICIPAL_DISTRICT])
        .order_by("kind")
        .first()
    )


def nearest_commune(latitude: float, longitude: float) -> Commune | None:
    """The current commune whose point is nearest, searched in a box around the position (indexed-friendly)."""
    scale = longitude_scale(latitude)
    box = _SEARCH_BOX_DEGREES
    dist2 = (F("latitude") - Value(latitude)) * (F("latitude") - Value(latitude)) + (
        F("longitude") - Value(longitude)
    ) * (F("longitude") - Value(longitude)) * Value(scale * scale)
    return (
        Commune.objects.select_related("parent", "department", "epci")
        .filter(
            kind__in=[CommuneKind.COMMUNE, CommuneKind.MUNICIPAL_DISTRICT],
            latitude__range=(latitude - box, latitude + box),
            longitude__range=(longitude - box / scale, longitude + box / scale),
        )
        .annotate(dist2=dist2 * Value(1.0, output_field=FloatField()))
        .order_by("dist2")
        .first()
    )
