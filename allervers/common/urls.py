"""reverse() for the pages of a listing, whose address holds its id and its slug: once per process, then filled in;
and the site's absolute address, for links made outside a request.

A page of search results links to 20 listings: reverse() for each costs more than the rest of the card.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

_PK_MARK, _SLUG_MARK = 987654321987, "slug-a-remplacer"
# What the <slug:…> converter accepts: anything else goes through reverse(), which refuses it.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_TEMPLATES: dict[tuple[str, str, Any], tuple[str, str, str]] = {}


def reverse_listing(name: str, pk: int, slug: str) -> str:
    """reverse(name, args=[pk, slug]) for a route of the form …<int:pk>…<slug:slug>…"""
    if not isinstance(pk, int) or pk < 0 or not _SLUG.fullmatch(slug):
        return reverse(name, args=[pk, slug])
    key = (name, get_script_prefix(), get_urlconf())
    template = _TEMPLATES.get(key)
    if template is None:
        marked = reverse(name, args=[_PK_MARK, _SLUG_MARK])
        before, after_pk = marked.split(str(_PK_MARK), 1)
        middle, after = after_pk.split(_SLUG_MARK, 1)
        template = _TEMPLATES[key] = (before, middle, after)
    before, middle, after = template
    return f"{before}{pk}{middle}{slug}{after}"


def site_url() -> str:
    """The site's address as configured (ALLERVERS_BASE_URL), without a final slash: for links made outside a
    request (e-mails, exports)."""
    return str(settings.ALLERVERS_BASE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    return site_url() + path


def _forget(**kwargs: Any) -> None:
    # Tests may swap the URLconf (ROOT_URLCONF) or the script prefix.
    _TEMPLATES.clear()


setting_changed.connect(_forget)
