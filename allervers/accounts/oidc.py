"""ProConnect, the state's OpenID Connect federation for agents, as a login option (mozilla-django-oidc).

Only an account that already exists (created by an invitation) can log in this way, matched on its e-mail: a
ProConnect identity grants no membership by itself. The second factor is still asked before any hand-over.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView


def is_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


class ProConnectBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        # A password login passes a username: that is not for this backend.
        if not is_enabled() or "username" in kwargs or "password" in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = str(claims.get("email", "")).strip().lower()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        changes = {"first_name": claims.get("given_name") or "", "last_name": claims.get("usual_name") or ""}
        fields = [name for name, value in changes.items() if value and not getattr(user, name)]
        for name in fields:
            setattr(user, name, changes[name])
        if fields:
            user.save(update_fields=fields)
        return user


def login_start(request: HttpRequest) -> HttpResponse:
    if not is_enabled():
        raise Http404("ProConnect n'est pas configuré.")
    return OIDCAuthenticationRequestView.as_view()(request)


def login_callback(request: HttpRequest) -> HttpResponse:
    if not is_enabled():
        raise Http404("ProConnect n'est pas configuré.")
    return OIDCAuthenticationCallbackView.as_view()(request)
