"""The public API v1, mounted at /api/v1/ by config/urls.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from allervers.api.errors import install_handlers
from allervers.api.views import rate_limit, router


class PublicAPI(NinjaAPI):
    """LoginRequiredMiddleware guards every view; this API is public by design, so its views opt out."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                login_not_required(pattern.callback)
        return patterns, app_name, namespace


api = PublicAPI(
    title="API Aller-vers",
    version="1",
    description=(
        "API publique en lecture de l'annuaire Aller-vers : services d'aide aux victimes et aux personnes "
        "vulnérables, au format data·inclusion v1 complété par une extension aide aux victimes. Sans "
        "authentification, limitée en nombre de requêtes par adresse IP. Les erreurs sont renvoyées en JSON "
        '{"detail": "message en français"}.'
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs_decorator=rate_limit,
)
install_handlers(api)
api.add_decorator(rate_limit, mode="view")
api.add_router("", router)
