from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from dsfr.forms import DsfrBaseForm

from allervers.accounts.models import User
from allervers.mailing.services import EMAIL_TEMPLATES, queue_rendered


class EmailAuthenticationForm(DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    password = forms.CharField(
        label="Mot de passe", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).lower()


class DsfrPasswordResetForm(DsfrBaseForm, PasswordResetForm):
    email = forms.EmailField(label="Adresse électronique", widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the outbox like every e-mail: the page answers without waiting for the mail server."""
        queue_rendered(
            to=[to_email],
            template=email_template_name.removesuffix(".txt"),
            subject=render_to_string(subject_template_name, context, using=EMAIL_TEMPLATES),
            body=render_to_string(email_template_name, context, using=EMAIL_TEMPLATES),
        )


if TYPE_CHECKING:
    _SetPasswordForm = SetPasswordForm[Any]
else:  # generic only for the type checker: django-stubs-ext's monkeypatch doesn't cover it
    _SetPasswordForm = SetPasswordForm


class DsfrSetPasswordForm(DsfrBaseForm, _SetPasswordForm):
    pass


class InvitationSignupForm(DsfrBaseForm):
    """A new user accepting an invitation chooses a password (the e-mail is the invitation's)."""

    job_title = forms.CharField(label="Votre fonction", max_length=150, help_text="Par exemple : chargée d'accueil")
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 12 caractères, pas uniquement des chiffres.",
    )
    password2 = forms.CharField(
        label="Confirmez le mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
