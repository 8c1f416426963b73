"""Protection of a public form against cross-site forgery without a cookie: the browser says where a POST comes from.

Public pages set no cookie: a CSRF cookie left in a browser is a trace of the visit, which the person someone is
fleeing may look at. Django's protection needs that cookie; `cookieless_csrf_protect` exempts a view from it and
checks instead the headers a browser sets itself and a page cannot forge (OWASP's cheat sheet: "Fetch Metadata
headers" and "verifying origin with standard headers"). For a POST (and every other method but GET, HEAD, OPTIONS
and TRACE):

1. `Sec-Fetch-Site` present (every current browser sends it): `same-origin` passes, anything else is refused,
   unless `Origin` is one the operator listed in CSRF_TRUSTED_ORIGINS.
2. Without it, `Origin` must be this site's origin (the request's scheme and `request.get_host()`, which
   ALLOWED_HOSTS guards) or a trusted origin; `null` is refused.
3. Without `Origin`, the origin of `Referer`, the same way (the site sends it on its own pages: Referrer-Policy
   same-origin).
4. With none of the three, refused: browsers send `Origin` with a form's POST, and a request that carries nothing
   cannot be told from a forged one.

A refusal is Django's CSRF failure page (settings.CSRF_FAILURE_VIEW: the French 403 that keeps the quick exit and
the emergency numbers), answered before the view runs: nothing is written and no rate limit is spent.

A signed-in person keeps Django's token check on top of the headers: their browser already holds the session cookie,
so the CSRF cookie costs them nothing, and the decorator stays safe on a view that acts with the person's rights. The
form's template renders the token for them only: `{% if user.is_authenticated %}{% csrf_token %}{% endif %}`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_callable
from django.utils.http import is_same_domain
from django.views.decorators.csrf import csrf_exempt, csrf_protect

logger = logging.getLogger("django.security.csrf")

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

View = Callable[..., HttpResponse]


def cookieless_csrf_protect(view: View) -> View:
    """Refuse a cross-site POST by its headers instead of Django's cookie; see the module's docstring."""
    token_checked = csrf_protect(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        reason = refusal_reason(request)
        if reason is not None:
            logger.warning("Forbidden (%s): %s", reason, request.path)
            failure_view: View = get_callable(settings.CSRF_FAILURE_VIEW)
            return failure_view(request, reason=reason)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return token_checked(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    exempt: View = csrf_exempt(wrapper)
    return exempt


def refusal_reason(request: HttpRequest) -> str | None:
    """Why this request may not be a form sent from this site (English, for the log), or None when it may."""
    if request.method in SAFE_METHODS:
        return None
    origin = request.headers.get("Origin")
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        if fetch_site == "same-origin" or (origin is not None and _trusted(origin)):
            return None
        return f"Sec-Fetch-Site is {fetch_site!r}"
    if origin is not None:
        return None if _is_own(request, origin) or _trusted(origin) else f"Origin {origin!r} is not this site"
    referer = request.headers.get("Referer")
    if referer is not None:
        parts = urlsplit(referer)
        referer_origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme and parts.netloc and (_is_own(request, referer_origin) or _trusted(referer_origin)):
            return None
        return "Referer is not this site"
    return "neither Sec-Fetch-Site, Origin nor Referer"


def _is_own(request: HttpRequest, origin: str) -> bool:
    # get_host() raises DisallowedHost (a 400) for a host outside ALLOWED_HOSTS.
    return origin == f"{request.scheme}://{request.get_host()}"


def _trusted(origin: str) -> bool:
    """In CSRF_TRUSTED_ORIGINS, as Django reads it: an exact origin, or https://*.example.org for its subdomains."""
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    parts = urlsplit(origin)
    if not parts.scheme or not parts.netloc:
        return False
    wildcards = (urlsplit(trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS)
    return any(
        trusted.scheme == parts.scheme
        and trusted.netloc.startswith("*")
        and is_same_domain(parts.netloc, trusted.netloc[1:])
        for trusted in wildcards
    )
