from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from allervers.backoffice.coverage import coverage_gaps
from allervers.backoffice.forms import InvitationForm
from allervers.backoffice.permissions import ProRequest, coordinated_structures
from allervers.backoffice.services import approve_structure, invite, log_change
from allervers.directory.enums import ErrorReportStatus, ListingStatus, ModerationStatus
from allervers.directory.models import Service, TransitionError
from allervers.directory.tracking import ErrorReport


def _require_coordinator(request: ProRequest) -> None:
    if not request.user.is_coordinator:
        raise PermissionDenied("Réservé aux coordinateurs.")


def dashboard(request: ProRequest) -> HttpResponse:
    _require_coordinator(request)
    structures = coordinated_structures(request.user)
    services = Service.objects.filter(structure__in=structures).exclude(status=ListingStatus.ARCHIVED)
    stale = [s for s in services.select_related("structure").order_by("verified_at") if s.is_stale]
    context = {
        "scope": request.user.coordinator_scope,
        "pending": structures.filter(moderation_status=ModerationStatus.PENDING).order_by("created_at"),
        "stale": stale,
        "reports": ErrorReport.objects.open()
        .filter(service__structure__in=structures)
        .select_related("service", "service__structure"),
        "orphans": structures.filter(memberships__isnull=True, moderation_status=ModerationStatus.APPROVED)
        .exclude(status=ListingStatus.ARCHIVED)
        .order_by("name"),
        "counts": {
            "structures": structures.exclude(status=ListingStatus.ARCHIVED).count(),
            "services": services.count(),
        },
    }
    return render(request, "backoffice/coordination.html", context)


def coverage(request: ProRequest) -> HttpResponse:
    _require_coordinator(request)
    scope = request.user.coordinator_scope
    assert scope is not None
    return render(request, "backoffice/coverage.html", {"scope": scope, "rows": coverage_gaps(scope)})


@require_POST
def moderate(request: ProRequest, pk: int, decision: str) -> HttpResponse:
    _require_coordinator(request)
    structure = get_object_or_404(coordinated_structures(request.user), pk=pk)
    try:
        if decision == "valider":
            approve_structure(structure, by=request.user)
            messages.success(request, f"{structure.name} est publiée ; l'invitation à gérer la fiche est envoyée.")
        elif decision == "refuser":
            structure.reject()
            log_change(structure, user=request.user, action="refus par la coordination")
            messages.success(request, f"La demande de {structure.name} est refusée.")
        else:
            raise TransitionError("Décision inconnue.")
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("backoffice:coordination")


def invite_structure(request: ProRequest, pk: int) -> HttpResponse:
    """A coordinator invites someone to manage a structure of its territory."""
    _require_coordinator(request)
    structure = get_object_or_404(coordinated_structures(request.user), pk=pk)
    form = InvitationForm(request.POST or None, initial={"role": "admin"})
    if request.method == "POST" and form.is_valid():
        invite(structure=structure, email=form.cleaned_data["email"], role=form.cleaned_data["role"], by=request.user)
        messages.success(request, "L'invitation est envoyée.")
        return redirect("backoffice:coordination")
    return render(request, "backoffice/invite.html", {"form": form, "structure": structure})


@require_POST
def close_report(request: ProRequest, pk: int, decision: str) -> HttpResponse:
    report = get_object_or_404(
        ErrorReport.objects.select_related("service__structure__commune"), pk=pk, status=ErrorReportStatus.OPEN
    )
    if not request.user.can_edit_structure(report.service.structure):
        raise PermissionDenied("Ce signalement ne vous concerne pas.")
    status = ErrorReportStatus.FIXED if decision == "corrige" else ErrorReportStatus.DISMISSED
    report.close(user=request.user, status=status)
    messages.success(request, "Le signalement est traité.")
    return redirect(request.POST.get("next") or "backoffice:coordination")
