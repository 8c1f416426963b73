"""The public API v1, mounted at /api/v1/ by config/urls.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from allervers.api.errors import error_response, install_handlers
from allervers.api.export_views import router as export_router
from allervers.api.reference_views import router as reference_router
from allervers.api.views import rate_limit, router


class PublicAPI(NinjaAPI):
    """LoginRequiredMiddleware guards every view; this API is public by design, so its views opt out."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        return [_public(pattern) for pattern in patterns], app_name, namespace


def _public(pattern: URLResolver | URLPattern) -> URLResolver | URLPattern:
    if not isinstance(pattern, URLPattern):
        return pattern
    view = login_not_required(_json_method_refusal(pattern.callback))
    return URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)


def _json_method_refusal(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """django-ninja refuses a POST in plain English text; say it in JSON and in French like every refusal."""

    @wraps(view)
    def refusing_in_json(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        refusal = error_response("Méthode non autorisée : cette API ne sert qu'en lecture (GET).", 405)
        refusal["Allow"] = response.get("Allow", "GET")
        return refusal

    return refusing_in_json


api = PublicAPI(
    title="API Aller-vers",
    version="1",
    description=(
        "API publique en lecture de l'annuaire Aller-vers : services d'aide aux victimes et aux personnes "
        "vulnérables. Ses routes, paramètres et réponses sont ceux de l'API data·inclusion v1 (un client écrit "
        "pour elle s'en sert en changeant son adresse de base), complétés par une extension aide aux victimes. "
        "Sans authentification (un en-tête Authorization est ignoré), limitée en nombre de requêtes par adresse "
        'IP. Les erreurs sont renvoyées en JSON {"detail": "message en français"} ; un paramètre inconnu est '
        "refusé avec la liste des paramètres acceptés."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs_decorator=rate_limit,
)
install_handlers(api)
api.add_decorator(rate_limit, mode="view")
api.add_router("", export_router)
api.add_router("", reference_router)
api.add_router("", router)
