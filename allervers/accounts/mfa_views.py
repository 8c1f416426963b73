"""Second factor pages: set up the application, enter a code, renew the recovery codes."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from allervers.accounts import mfa
from allervers.accounts.mfa_forms import SetupForm, VerifyForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("backoffice:home")


def setup(request: HttpRequest) -> HttpResponse:
    if user_has_device(request.user) and not mfa.is_verified(request):
        return redirect(f"{reverse('accounts:mfa-verify')}?{urlencode({'next': _next_url(request)})}")
    device = mfa.pending_totp_device(request.user)
    form = SetupForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_totp_device(device)
        otp_login(request, device)
        messages.success(request, "La double authentification est activée.")
        return render(request, "accounts/mfa/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    context = {
        "form": form,
        "qr_code": mfa.qr_code_svg(device),
        "secret": mfa.secret_for_manual_entry(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/mfa/setup.html", context)


def verify(request: HttpRequest) -> HttpResponse:
    if not user_has_device(request.user):
        return redirect(f"{reverse('accounts:mfa-setup')}?{urlencode({'next': _next_url(request)})}")
    form = VerifyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and form.device is not None:
        otp_login(request, form.device)
        return redirect(_next_url(request))
    return render(request, "accounts/mfa/verify.html", {"form": form, "next": _next_url(request)})


@require_POST
@mfa.second_factor_required
def renew_recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = mfa.new_recovery_codes(request.user)
    messages.success(request, "Vos anciens codes de secours ne fonctionnent plus.")
    return render(request, "accounts/mfa/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
