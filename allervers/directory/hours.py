"""OpenStreetMap opening_hours, evaluated by a real parser (opening-hours-py)."""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.utils import timezone
from opening_hours import OpeningHours, ParserError  # type: ignore[attr-defined]  # missing from its stub


@lru_cache(maxsize=4096)
def _parse(expression: str) -> OpeningHours | None:
    try:
        return OpeningHours(expression)
    except (ParserError, ValueError):
        return None


def is_open_at(expression: str, moment: datetime.datetime) -> bool | None:
    """True/False when the hours say so; None when unknown (no hours, or hours we cannot read).

    Hours are local time: an aware moment is converted to the deployment's time zone first.
    """
    expression = expression.strip()
    if not expression:
        return None
    parsed = _parse(expression)
    if parsed is None:
        return None
    local = timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment
    if parsed.is_unknown(local):
        return None
    return bool(parsed.is_open(local))
