"""Second factor (TOTP with recovery codes, through django-otp) and the end of idle sessions.

Whoever can read a hand-over must have confirmed a code in the current session: `second_factor_required` guards
those views. A session left idle longer than ALLERVERS_IDLE_TIMEOUT_MINUTES is closed at the next request, and so is
one opened more than ALLERVERS_SESSION_MAX_HOURS ago, however active: the "last seen" writes extend the session's
cookie at each save, so without that maximum a session in daily use would never end.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
LAST_SEEN_KEY = "allervers_last_seen"
LOGIN_AT_KEY = "allervers_login_at"
TOTP_NAME = "Application d'authentification"
RECOVERY_NAME = "Codes de secours"


def is_verified(request: HttpRequest) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def second_factor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send a logged-in user without a confirmed code in this session to set up, or enter, the second factor."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not is_verified(request):
            target = "accounts:mfa-verify" if user_has_device(request.user) else "accounts:mfa-setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapped


def pending_totp_device(user: Any) -> TOTPDevice:
    """The unconfirmed device shown while the user sets up the application (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_code_svg(device: TOTPDevice) -> str:
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, title="Code QR à scanner"))


def secret_for_manual_entry(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_totp_device(device: TOTPDevice) -> list[str]:
    """Confirm the application and issue fresh recovery codes; older application devices are removed."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes; each one works once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": RECOVERY_NAME})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def record_login_time(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """The session's clock starts at each login (password, invitation, ProConnect)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = int(time.time())


user_logged_in.connect(record_login_time, dispatch_uid="allervers_record_login_time")


class IdleTimeoutMiddleware:
    """Log out a session idle for longer than the setting, or older than the maximum however active.

    After an idle timeout the next protected page asks to log in again; after the maximum, the user is sent to the
    login page at once with a message, since the session ended while they were working.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            login_at = request.session.setdefault(LOGIN_AT_KEY, now)  # a session opened before this rule existed
            if now - int(login_at) > settings.ALLERVERS_SESSION_MAX_HOURS * 3600:
                logout(request)  # flushes the session
                hours = settings.ALLERVERS_SESSION_MAX_HOURS
                messages.info(
                    request, f"Votre session a atteint sa durée maximale de {hours} heures : reconnectez-vous."
                )
                return redirect_to_login(request.get_full_path())
            last_seen = request.session.get(LAST_SEEN_KEY)
            limit = settings.ALLERVERS_IDLE_TIMEOUT_MINUTES * 60
            if last_seen is not None and now - int(last_seen) > limit:
                logout(request)
                messages.info(request, "Votre session a expiré après une période d'inactivité : reconnectez-vous.")
            elif last_seen is None or now - int(last_seen) >= 60:
                # Written at most once a minute, so that most requests do not rewrite the session.
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
