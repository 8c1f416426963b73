from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django_otp import devices_for_user, match_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from dsfr.forms import DsfrBaseForm

INVALID = "Ce code n'est pas valide (ou a expiré)."


def seconds_to_wait(devices: Iterable[Device]) -> int:
    """How long django-otp refuses every code, even a right one, after a refused code: 1 s after the first, then
    twice as long after each new one (OTP_*_THROTTLE_FACTOR). 0 when a code can be tried now."""
    now = timezone.now()
    waits = [0.0]
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append((data["locked_until"] - now).total_seconds())
    return max(0, math.ceil(max(waits)))


def _seconds(count: int) -> str:
    return f"{count} seconde" if count < 2 else f"{count} secondes"


def refused(devices: Iterable[Device]) -> forms.ValidationError:
    wait = seconds_to_wait(devices)
    if not wait:
        return forms.ValidationError(f"{INVALID} Réessayez avec le code affiché maintenant.")
    return forms.ValidationError(
        f"{INVALID} Attendez {_seconds(wait)} avant d'en saisir un autre (l'attente double à chaque code refusé), "
        "puis saisissez le code affiché à ce moment-là."
    )


def too_early(devices: Iterable[Device]) -> forms.ValidationError | None:
    """A code typed while every device refuses codes would be refused even if right: say so, and how long to
    wait. One device still open (a recovery code tried first locks the application's for a second) is tried."""
    devices = list(devices)
    if any(device.verify_is_allowed()[0] for device in devices):
        return None
    wait = seconds_to_wait(devices)
    if not wait:
        return None
    return forms.ValidationError(
        f"Un code vient d'être refusé : attendez encore {_seconds(wait)}, puis saisissez le code affiché à ce "
        "moment-là. L'attente double à chaque code refusé."
    )


class _TokenForm(DsfrBaseForm):
    token = forms.CharField(
        label="Code à usage unique",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).replace(" ", "").strip()


class SetupForm(_TokenForm):
    """Confirms that the application shows the codes of the pending device."""

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device
        self.fields["token"].help_text = "Les 6 chiffres affichés par votre application."

    def clean_token(self) -> str:
        token = super().clean_token()
        early = too_early([self.device])
        if early is not None:
            raise early
        if not self.device.verify_token(token):
            raise refused([self.device])
        return token


class VerifyForm(_TokenForm):
    """A code from the application, or one of the recovery codes (each works once)."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None
        self.fields["token"].help_text = "Les 6 chiffres de votre application, ou l'un de vos codes de secours."

    def clean_token(self) -> str:
        token = super().clean_token()
        early = too_early(devices_for_user(self.user))
        if early is not None:
            raise early
        self.device = match_token(self.user, token)
        if self.device is None:
            raise refused(devices_for_user(self.user))
        return token
