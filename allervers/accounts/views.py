from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from allervers.accounts.forms import InvitationSignupForm
from allervers.accounts.models import Invitation, User


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
