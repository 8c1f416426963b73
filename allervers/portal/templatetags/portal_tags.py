from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from allervers.common.geo import format_distance
from allervers.directory.validators import display_phone

register = template.Library()


@register.filter
def distance(metres: int | None) -> str:
    return "" if metres is None else format_distance(metres)


@register.filter
def phone(value: str) -> str:
    return display_phone(value) if value else ""


@register.filter
def tel_href(value: str) -> str:
    return f"tel:{value}"


@register.filter
def verified_label(moment: datetime.datetime | None) -> str:
    if moment is None:
        return "Informations non vérifiées"
    return f"Vérifié le {timezone.localtime(moment):%d/%m/%Y}"


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, page: int) -> str:
    querystring = context.get("querystring", "")
    return f"?{querystring}&page={page}" if querystring else f"?page={page}"
