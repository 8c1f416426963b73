from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from allervers.accounts.mfa import second_factor_required


def referral_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every hand-over page: logged in (LoginRequiredMiddleware), second factor confirmed, never cached."""
    wrapped: Callable[..., HttpResponse] = never_cache(second_factor_required(view))
    return wrapped
