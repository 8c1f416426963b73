from __future__ import annotations

from decimal import Decimal

from django import template

from allervers.common.text import french_number

register = template.Library()


@register.filter
def fr(value: int | Decimal | None) -> str:
    """« 643 350 », « 33,3 », « 20 000 » as a French reader writes numbers."""
    if value is None:
        return ""
    text = french_number(Decimal(value))
    return text.removesuffix("0") if "," in text and text.endswith("0") else text
