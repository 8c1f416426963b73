"""A passage in words (« mardi 8 décembre, 9 h–12 h ») and a distance, for the mobile units' templates."""

from __future__ import annotations

from django import template

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
