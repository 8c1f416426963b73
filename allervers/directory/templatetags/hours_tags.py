"""Opening hours in French on a page: {% hours_reading item as reading %} then components/hours.html."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from allervers.directory import hours, hours_text

register = template.Library()


@register.simple_tag
def hours_reading(item: Any) -> hours_text.Reading | None:
    """The reading of a listing's hours now, in the deployment's time zone; a service open 24/7 reads as such."""
    expression = "24/7" if getattr(item, "always_open", False) else getattr(item, "opening_hours", "")
    return hours_text.read(expression, hours.local(timezone.now()))
