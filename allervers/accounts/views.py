from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django_ratelimit.decorators import ratelimit

from allervers.accounts.forms import DsfrPasswordResetForm, InvitationSignupForm
from allervers.accounts.models import Invitation, User

_password_reset_form = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/emails/password_reset.txt",
    subject_template_name="accounts/emails/password_reset_subject.txt",
    form_class=DsfrPasswordResetForm,
    success_url=reverse_lazy("accounts:password_reset_done"),
)


def posted_email(group: str, request: HttpRequest) -> str:
    """The e-mail address asked for, as the account lookup compares it (case-insensitive, spaces stripped)."""
    return str(request.POST.get("email", "")).strip().casefold()


@login_not_required
@ratelimit(key="ip", rate="5/h", method="POST", block=True)
@ratelimit(key=posted_email, rate="3/h", method="POST", block=True)
def password_reset(request: HttpRequest) -> HttpResponseBase:
    """Each request sends an e-mail: a few per hour from one address, and fewer to one mailbox (429 beyond)."""
    return _password_reset_form(request)


@login_not_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("structure"), token=token)
    if not invitation.is_usable:
        return render(request, "accounts/invitation_expired.html", {"invitation": invitation}, status=410)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        if request.user.is_authenticated and request.user.pk == existing.pk:
            invitation.accept(user=existing)
            messages.success(request, f"Vous êtes maintenant membre de {invitation.structure.name}.")
            return redirect("backoffice:home")
        messages.info(request, "Vous avez déjà un compte : connectez-vous pour accepter l'invitation.")
        return redirect(f"{request.build_absolute_uri('/compte/connexion/')}?next={request.path}")
    form = InvitationSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = User.objects.create_user(
            invitation.email, form.cleaned_data["password1"], job_title=form.cleaned_data["job_title"]
        )
        invitation.accept(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Bienvenue ! Vous êtes membre de {invitation.structure.name}.")
        return redirect("backoffice:home")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})
