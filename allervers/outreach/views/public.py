"""Public pages: the agenda and its feed, a page per session or event, registration (throttled, honeypotted,
with or without an account), the registrant's own page reached by a signed link, and certificate verification."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from allervers.common.csrf import cookieless_csrf_protect
from allervers.common.exceptions import TransitionError
from allervers.outreach import agenda, services
from allervers.outreach.forms import AgendaFilterForm, RegistrationForm
from allervers.outreach.models import AwarenessEvent, Registration, Session
from allervers.outreach.models.registrations import CONFIRMATION_MAX_AGE

# Registrations per address and hour; reference checks per address and hour (references cannot be guessed anyway).
REGISTER_RATE = "10/h"
VERIFY_RATE = "60/h"


@login_not_required
def agenda_page(request: HttpRequest) -> HttpResponse:
    form = AgendaFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    items = agenda.upcoming(**filters)
    return render(request, "outreach/agenda.html", {"form": form, "items": items, "filtered": bool(filters)})


@login_not_required
def agenda_ics(request: HttpRequest) -> HttpResponse:
    form = AgendaFilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    body = agenda.ics(agenda.upcoming(**filters, with_cancelled=True), base_url=settings.ALLERVERS_BASE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response


def _public_session(pk: int) -> Session:
    return get_object_or_404(
        Session.objects.in_department(settings.ALLERVERS_DEPARTMENT_CODE).select_related("offer__organiser", "commune"),
        pk=pk,
    )


def _throttle(request: HttpRequest, group: str, rate: str) -> None:
    """django-ratelimit by client address; over the rate, the 429 page (portal/errors.py)."""
    if is_ratelimited(request, group=group, key="ip", rate=rate, increment=True):
        raise Ratelimited()


@login_not_required
@cookieless_csrf_protect  # a public page: no CSRF cookie (common/csrf.py)
def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    session = _public_session(pk)
    if request.method == "POST":
        _throttle(request, "outreach-register", REGISTER_RATE)
    closed = session.closed_reason()
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and not closed and form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "website"}
        if request.user.is_authenticated:
            data["user"] = request.user
        try:
            services.register(session, **data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return redirect("outreach:registered", pk=session.pk)
    context = {"session": session, "offer": session.offer, "form": form, "closed": closed}
    return render(request, "outreach/session.html", context)


@login_not_required
def registered(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "outreach/registered.html", {"session": _public_session(pk)})


@login_not_required
def event_page(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        AwarenessEvent.objects.filter(commune__department_id=settings.ALLERVERS_DEPARTMENT_CODE).select_related(
            "offer__organiser", "commune"
        ),
        pk=pk,
    )
    return render(request, "outreach/event.html", {"event": event, "offer": event.offer})


def _by_token(token: str, purpose: str, max_age: int | None = None) -> Registration:
    registration = Registration.from_token(token, purpose, max_age)
    if registration is None:
        raise Http404("Ce lien n'est pas (ou plus) valable.")
    return registration


@login_not_required
@cookieless_csrf_protect
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows a button (a mail scanner that opens links confirms nothing); the POST confirms."""
    registration = _by_token(token, "confirm", CONFIRMATION_MAX_AGE)
    if request.method == "POST":
        try:
            services.confirm(registration)
        except TransitionError as error:
            messages.error(request, str(error))
        return redirect("outreach:registration", token=registration.token("registration"))
    return render(request, "outreach/confirm.html", {"registration": registration, "session": registration.session})


@login_not_required
def registration_page(request: HttpRequest, token: str) -> HttpResponse:
    import segno

    registration = _by_token(token, "registration")
    checkin = services.absolute(reverse("outreach:checkin", args=[registration.token("checkin")]))
    qr = segno.make(checkin, error="m").svg_inline(scale=4, title="Code de pointage")
    context = {
        "registration": registration,
        "session": registration.session,
        "offer": registration.session.offer,
        "token": token,
        "qr": qr,
        "evaluation_token": registration.token("evaluation"),
    }
    return render(request, "outreach/registration.html", context)


@login_not_required
@require_POST
@cookieless_csrf_protect
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _by_token(token, "registration")
    try:
        services.cancel(registration)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Votre inscription est annulée. Merci d'avoir libéré la place.")
    return redirect("outreach:registration", token=token)


@login_not_required
def certificate(request: HttpRequest, token: str) -> HttpResponse:
    from allervers.outreach.documents import certificate_pdf

    registration = _by_token(token, "registration")
    if not registration.has_certificate:
        raise Http404("Pas d'attestation : la présence n'a pas été enregistrée.")
    response = HttpResponse(certificate_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{registration.certificate_reference}.pdf"'
    return response


@login_not_required
def verify(request: HttpRequest) -> HttpResponse:
    reference = (request.GET.get("reference") or "").strip().upper()[:20]
    found = None
    if reference:
        _throttle(request, "outreach-verify", VERIFY_RATE)
        found = (
            Registration.objects.filter(certificate_reference=reference)
            .select_related("session__offer__organiser")
            .first()
        )
        if found is not None and not found.has_certificate:
            found = None
    return render(request, "outreach/verify.html", {"reference": reference, "found": found})
