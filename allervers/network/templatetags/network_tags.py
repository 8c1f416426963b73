"""A passage in words (« mardi 8 décembre, 9 h–12 h »), a distance and the visit requests' expiry delay, for the
mobile units' templates."""

from __future__ import annotations

from django import template
from django.conf import settings

from allervers.common.geo import format_distance
from allervers.network.nearby import passage_text
from allervers.network.recurrence import Occurrence

register = template.Library()


@register.filter
def passage(item: Occurrence | None) -> str:
    return passage_text(item) if item is not None else ""


@register.filter
def distance(metres: int) -> str:
    return f"à {format_distance(metres)}"


@register.simple_tag
def request_expiry_days() -> int:
    """The days after which an unanswered visit request is closed (the privacy text states it)."""
    return int(settings.NETWORK_REQUEST_EXPIRY_DAYS)
