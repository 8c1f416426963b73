from __future__ import annotations

import datetime
import weakref
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import SafeString

from allervers.common.geo import format_distance
from allervers.common.urls import reverse_listing
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


@register.simple_tag
def listing_url(name: str, pk: int, slug: str) -> str:
    """{% url name pk slug %} for a listing's page (a card in a list of results), without a reverse() each."""
    return reverse_listing(name, pk, slug)


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, page: int) -> str:
    querystring = context.get("querystring", "")
    return f"?{querystring}&page={page}" if querystring else f"?page={page}"


class OnceNode(template.Node):
    # Each fragment is kept for a handful of variants (one in practice): the key is the named variables.
    MAX_VARIANTS = 8

    def __init__(self, nodelist: NodeList, variables: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.variables = variables
        self.rendered: dict[tuple[Any, ...], SafeString] = {}
        _once_nodes.add(self)

    def render(self, context: template.Context) -> SafeString:
        # reverse() depends on the script prefix and the URLconf: part of the key as well.
        key = (get_script_prefix(), get_urlconf(), *(str(variable.resolve(context)) for variable in self.variables))
        html = self.rendered.get(key)
        if html is None:
            if len(self.rendered) >= self.MAX_VARIANTS:
                self.rendered.clear()
            html = self.rendered[key] = self.nodelist.render(context)
        return html


# Weak: without the cached template loader, templates (and their nodes) are compiled again at each render.
_once_nodes: weakref.WeakSet[OnceNode] = weakref.WeakSet()


@register.tag
def once(parser: Parser, token: Token) -> OnceNode:
    """{% once VAR1 VAR2 %}…{% endonce %}: HTML rendered once per process for each value of the named variables.

    For the parts of the layout that depend on nothing but settings ({% url %}, {% static %}, the platform's
    name): about 20 reverse() and 10 static() calls a page. Whatever the fragment shows from the context must be
    named, or the first visitor's value is shown to all.
    """
    variables = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist, variables)


def _forget_once(**kwargs: Any) -> None:
    # Tests override settings (URLconf, static files, platform name): render again after any change.
    for node in _once_nodes:
        node.rendered.clear()


setting_changed.connect(_forget_once)
