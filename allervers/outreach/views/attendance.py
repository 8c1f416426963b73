"""A session's registrants for its organisers: the list and its exports, the sign-in sheet, the check-in (by the
list or by a registrant's QR code, on the sign-in sheet or on the registrant's page), the manual promotion from the
waiting list, and the certificates.

The files that carry the registrants' personal data off the platform (CSV and XLSX exports with their e-mail
addresses, the sign-in sheet with names and check-in codes) ask for the second factor, as the directory import does
for bulk work; the on-screen pages follow the professional space's rule (an account, scoped to the organisers)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from allervers.accounts.mfa import second_factor_required
from allervers.accounts.permissions import ProRequest
from allervers.common.exceptions import TransitionError
from allervers.outreach import documents, services
from allervers.outreach.enums import Attendance, RegistrationStatus
from allervers.outreach.evaluations import summarise
from allervers.outreach.forms import AttendanceForm
from allervers.outreach.models import Registration, Session
from allervers.outreach.models.catalogue import managed_q

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _session(request: ProRequest, pk: int) -> Session:
    return get_object_or_404(Session.objects.for_user(request.user).select_related("offer__organiser"), pk=pk)


def _registrations(session: Session) -> list[Registration]:
    return list(session.registrations.select_related("employer", "work_commune").order_by("status", "last_name", "pk"))


def _listed(session: Session) -> list[Registration]:
    """By status; by name, except the waiting list, shown in its order (who gets the next place)."""

    def key(r: Registration) -> tuple[str, str, str, int]:
        if r.status == RegistrationStatus.WAITING and r.confirmed_at is not None:
            return (r.status, r.confirmed_at.isoformat(), "", r.pk)
        return (r.status, r.last_name.lower(), r.first_name.lower(), r.pk)

    return sorted(_registrations(session), key=key)


@never_cache
def session_manage(request: ProRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    registrations = _listed(session)
    context = {
        "session": session,
        "offer": session.offer,
        "registrations": registrations,
        "attendance_choices": Attendance.choices,
        "summary": summarise(session.evaluations.all()),
        "practice_changes": [e.practice_change for e in session.evaluations.exclude(practice_change="")],
        "confirmed": sum(r.status == RegistrationStatus.CONFIRMED for r in registrations),
        "waiting": sum(r.status == RegistrationStatus.WAITING for r in registrations),
        "session_cancelled": sum(r.status == RegistrationStatus.SESSION_CANCELLED for r in registrations),
    }
    return render(request, "outreach/manage/session.html", context)


@never_cache
@second_factor_required
def export_csv(request: ProRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    response = HttpResponse(services.export_csv(_registrations(session)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscriptions-session-{session.pk}.csv"'
    return response


@never_cache
@second_factor_required
def export_xlsx(request: ProRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    response = HttpResponse(services.export_xlsx(_registrations(session)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="inscriptions-session-{session.pk}.xlsx"'
    return response


@never_cache
@second_factor_required
def signin_sheet(request: ProRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    response = HttpResponse(documents.signin_sheet_pdf(session), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="emargement-session-{session.pk}.pdf"'
    return response


def _managed_registration(request: ProRequest, pk: int) -> Registration:
    queryset = Registration.objects.filter(managed_q(request.user, "session__offer__")).distinct()
    return get_object_or_404(queryset.select_related("session__offer__organiser"), pk=pk)


@require_POST
def set_attendance(request: ProRequest, pk: int) -> HttpResponse:
    registration = _managed_registration(request, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez présent, absent ou excusé.")
    else:
        try:
            services.set_attendance(registration, form.cleaned_data["attendance"], by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{registration.full_name} : {registration.get_attendance_display()}.")
    if request.POST.get("from") == "checkin":
        return redirect("outreach:checkin", token=registration.token("checkin"))
    return redirect("outreach:session-manage", pk=registration.session_id)


@require_POST
def promote(request: ProRequest, pk: int) -> HttpResponse:
    registration = _managed_registration(request, pk)
    try:
        services.promote(registration, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{registration.full_name} a une place : un courriel l'en informe.")
    return redirect("outreach:session-manage", pk=registration.session_id)


@never_cache
def checkin(request: ProRequest, token: str) -> HttpResponse:
    """What a trainer's phone opens when it scans a registrant's code: that person, and three buttons."""
    found = Registration.from_token(token, "checkin")
    if found is None:
        raise Http404("Code de pointage inconnu.")
    registration = _managed_registration(request, found.pk)
    context = {"registration": registration, "session": registration.session, "choices": Attendance.choices}
    return render(request, "outreach/manage/checkin.html", context)


def certificate(request: ProRequest, pk: int) -> HttpResponse:
    registration = _managed_registration(request, pk)
    if not registration.has_certificate:
        raise Http404("Pas d'attestation : la personne n'est pas pointée présente.")
    response = HttpResponse(documents.certificate_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{registration.certificate_reference}.pdf"'
    return response
