"""Error pages in French, with the quick exit and the emergency numbers, that leak nothing and never need the database.

Every page here is rendered with an explicit context (settings and the constants of taxonomy/emergency.py), never
through the context processors: the same code answers when the database is away. Under /api/ the answer is the
API's JSON {"detail": "..."} instead of a page.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.module_loading import import_string
from django_ratelimit.exceptions import Ratelimited

from allervers.api import views as api_views
from allervers.api.errors import error_response
from allervers.portal.context_processors import platform
from allervers.taxonomy.emergency import EMERGENCY_NUMBERS

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# Seconds a client is asked to wait: a database restart takes tens of seconds, a write lock a few.
RETRY_AFTER_UNAVAILABLE = 30
RETRY_AFTER_BUSY = 5
# SQLite result codes (low byte of sqlite_errorcode): SQLITE_ERROR is a bad query, not an outage.
SQLITE_ERROR, SQLITE_BUSY, SQLITE_LOCKED = 1, 5, 6
# PostgreSQL SQLSTATEs that mean "busy, try again": lock timeout, statement timeout, serialisation, deadlock.
PG_BUSY_STATES = {"55P03", "57014", "40001", "40P01"}

BUSY = "busy"
UNAVAILABLE = "unavailable"

# Shown if the error template itself cannot be rendered: still French, still the quick exit and the numbers.
FALLBACK_HTML = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Erreur — {name}</title></head><body>
<p><a href="{exit}" rel="noreferrer noopener">Quitter ce site</a></p><h1>{title}</h1>
<p>Réessayez dans quelques instants.</p><h2>En danger maintenant ?</h2><ul>{numbers}</ul></body></html>"""


def database_failure(exc: BaseException | None) -> str | None:
    """BUSY, UNAVAILABLE or None: whether an exception (or what caused it) means the database cannot answer now."""
    for _ in range(5):
        if exc is None:
            return None
        if isinstance(exc, OperationalError | InterfaceError):
            return _failure_kind(exc)
        exc = exc.__cause__ or exc.__context__
    return None


def _failure_kind(exc: OperationalError | InterfaceError) -> str | None:
    driver_error = exc.__cause__
    sqlite_code = getattr(driver_error, "sqlite_errorcode", None)
    if sqlite_code is not None:
        code = sqlite_code & 0xFF
        if code == SQLITE_ERROR:
            return None  # a syntax error or a missing table: a bug, answered by the 500 page
        return BUSY if code in (SQLITE_BUSY, SQLITE_LOCKED) else UNAVAILABLE
    if getattr(driver_error, "sqlstate", None) in PG_BUSY_STATES:
        return BUSY
    return UNAVAILABLE


def database_unavailable(request: HttpRequest, kind: str) -> HttpResponse:
    """503 while the database is away (UNAVAILABLE) or held by another writer (BUSY), with Retry-After."""
    busy = kind == BUSY
    if _is_api(request):
        message = (
            "Le service est momentanément occupé : réessayez dans un instant."
            if busy
            else "Le service est momentanément indisponible : réessayez dans quelques instants."
        )
        response: HttpResponse = error_response(message, 503)
    else:
        response = _page(request, "503.html", 503, {"busy": busy})
    response["Retry-After"] = str(RETRY_AFTER_BUSY if busy else RETRY_AFTER_UNAVAILABLE)
    add_never_cache_headers(response)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return error_response("Requête incorrecte.", 400)
    return _page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # django-ratelimit's refusal is a PermissionDenied: answer it as the rate limit it is, wherever it was raised.
    if isinstance(exception, Ratelimited):
        view = import_string(settings.RATELIMIT_VIEW)
        response: HttpResponse = view(request, exception)
        return response
    if _is_api(request):
        return error_response("Accès refusé.", 403)
    return _page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return error_response("Ressource introuvable.", 404)
    return _page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Django calls it inside its `except` block: a database outage raised by a middleware (session,
    authentication) arrives here, and is answered with the 503 rather than the 500."""
    kind = database_failure(sys.exc_info()[1])
    if kind is not None:
        return database_unavailable(request, kind)
    if _is_api(request):
        return error_response("Erreur interne du serveur : l'équipe technique est prévenue.", 500)
    return _page(request, "500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW. The reason is Django's English diagnosis: logged by Django, never shown."""
    return _page(request, "403_csrf.html", 403)


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """RATELIMIT_VIEW: the API's JSON refusal under /api/, the French page elsewhere.

    No Retry-After on the page: django-ratelimit does not tell which rate (5/h, 10/h…) refused the request.
    """
    if _is_api(request):
        return api_views.rate_limited(request, exception)
    return _page(request, "429.html", 429)


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _page(request: HttpRequest, template_name: str, status: int, extra: dict[str, Any] | None = None) -> HttpResponse:
    context = {**platform(request), "request": request, "emergency_numbers": EMERGENCY_NUMBERS, **(extra or {})}
    try:
        # No request given to render(): no context processor runs, so nothing here reads the session or the user.
        html = loader.get_template(template_name).render(context)
    except Exception:
        logger.exception("Error page %s could not be rendered", template_name)
        html = _fallback_html(status)
    return HttpResponse(html, status=status)


def _fallback_html(status: int) -> str:
    numbers = "".join(
        f'<li><a href="{escape(item.href)}">{escape(item.number)}</a> : {escape(item.title)}</li>'
        for item in EMERGENCY_NUMBERS
    )
    title = "Service momentanément indisponible" if status == 503 else "Une erreur est survenue"
    return FALLBACK_HTML.format(
        name=escape(settings.ALLERVERS_PLATFORM_NAME),
        exit=escape(settings.ALLERVERS_QUICK_EXIT_URL),
        title=title,
        numbers=numbers,
    )
