from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from allervers.accounts.models import User
from allervers.accounts.permissions import ProRequest, coordinated_structures
from allervers.backoffice.forms import InvitationForm
from allervers.backoffice.services import approve_structure, invite, transition
from allervers.common.exceptions import TransitionError
from allervers.directory.coverage import coverage_gaps
from allervers.directory.enums import ErrorReportStatus, ListingStatus, ModerationStatus
from allervers.directory.models import Service, Structure
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
    return render(
        request, "backoffice/coverage.html", {"scope": scope, "rows": coverage_gaps(scope.commune_filter(""))}
    )


def _reject(structure: Structure, *, by: User) -> None:
    transition(structure, Structure.reject, user=by, action="refus par la coordination")


# URL decision → use case (approving also sends the invitations): an explicit list, nothing else is reachable.
MODERATION: dict[str, tuple[Callable[..., None], str]] = {
    "valider": (approve_structure, "{name} est publiée ; l'invitation à gérer la fiche est envoyée."),
    "refuser": (_reject, "La demande de {name} est refusée."),
}


@require_POST
def moderate(request: ProRequest, pk: int, decision: str) -> HttpResponse:
    _require_coordinator(request)
    structure = get_object_or_404(coordinated_structures(request.user), pk=pk)
    if decision not in MODERATION:
        raise Http404("Décision inconnue.")
    decide, success = MODERATION[decision]
    try:
        decide(structure, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success.format(name=structure.name))
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
    return redirect(_local_next(request, fallback=reverse("backoffice:coordination")))


def _local_next(request: ProRequest, *, fallback: str) -> str:
    """The posted `next` if it is a page of this site (never another host, nor http: from https), else the fallback."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback
