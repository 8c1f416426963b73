from __future__ import annotations

from typing import Any

from django import forms
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from dsfr.forms import DsfrBaseForm

INVALID = "Ce code n'est pas valide (ou a expiré). Réessayez avec le code affiché maintenant."


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
        if not self.device.verify_token(token):
            raise forms.ValidationError(INVALID)
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
        self.device = match_token(self.user, token)
        if self.device is None:
            raise forms.ValidationError(INVALID)
        return token
