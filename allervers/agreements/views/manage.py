"""The agreements' pages in the professional space. Coordinators of the agreement's territory read and edit it;
members of a party structure read it; for anyone else it does not exist (404). A reader who may not edit gets a
403 on the editing pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from allervers.accounts.models import User
from allervers.accounts.permissions import ProRequest, structures_for
from allervers.agreements.enums import AgreementStatus, LogAction
from allervers.agreements.forms import AgreementForm, PartyForm, SignForm, TerminateForm, theme_choices
from allervers.agreements.models import Agreement, AgreementLog, Party
from allervers.common.exceptions import TransitionError
from allervers.directory.models import Structure
from allervers.territories.models import Commune, Department


def editable(request: ProRequest, pk: int) -> Agreement:
    """The agreement if the user may edit it; 404 if they may not even read it, 403 if they only read it."""
    agreement = get_object_or_404(Agreement.objects.for_user(request.user), pk=pk)
    if not Agreement.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied("Seule la coordination modifie une convention.")
    return agreement


def agreement_list(request: ProRequest) -> HttpResponse:
    agreements = Agreement.objects.for_user(request.user).prefetch_related("parties__structure")
    status, theme = request.GET.get("statut", ""), request.GET.get("thematique", "")
    ending = request.GET.get("echeance") == "90"
    if status in AgreementStatus.values:
        agreements = agreements.filter(status=status)
    if theme:
        agreements = agreements.filter(theme=theme)
    if ending:
        agreements = agreements.ending_soon()
    context = {
        "agreements": agreements.order_by("end_date", "title"),
        "statuses": AgreementStatus.choices,
        "themes": theme_choices()[1:],
        "status": status,
        "theme": theme,
        "ending": ending,
        "can_create": request.user.is_coordinator,
        "today": timezone.localdate(),
    }
    return render(request, "agreements/list.html", context)


def agreement_detail(request: ProRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        Agreement.objects.for_user(request.user).select_related("department", "responsible"), pk=pk
    )
    can_edit = Agreement.objects.editable_by(request.user).filter(pk=pk).exists()
    context = {
        "agreement": agreement,
        "parties": agreement.parties.select_related("structure"),
        "fiches": agreement.fiches.select_related("action__axis__plan"),
        "log": agreement.log.all()[:30],
        "can_edit": can_edit,
        "sign_form": SignForm(),
        "terminate_form": TerminateForm(),
        "party_form": PartyForm(structures=party_structures(request.user)) if can_edit else None,
        "days_left": agreement.days_left(),
    }
    return render(request, "agreements/detail.html", context)


def _form(request: ProRequest, instance: Agreement | None) -> AgreementForm:
    from allervers.plan.models import FicheAction

    user = request.user
    return AgreementForm(
        request.POST or None,
        instance=instance,
        departments=departments_for(user),
        coordinators=User.objects.filter(scope__isnull=False, is_active=True).order_by("email"),
        fiches=FicheAction.objects.for_user(user).select_related("action__axis__plan").in_plan_order(),
        initial={} if instance else {"responsible": user.pk, "department": _default_department(user)},
    )


def departments_for(user: User) -> QuerySet[Department]:
    scope = user.coordinator_scope
    if scope is None:
        return Department.objects.none()
    touched = Commune.objects.current().filter(scope.commune_filter("")).values("department_id")
    return Department.objects.filter(code__in=touched).order_by("code")


def _default_department(user: User) -> str | None:
    codes = list(departments_for(user).values_list("code", flat=True)[:2])
    return codes[0] if len(codes) == 1 else None


def party_structures(user: User) -> QuerySet[Structure]:
    """Any published structure of the directory may be a party, and those the user edits even when unpublished."""
    visible = Structure.objects.visible().values("pk")
    own = structures_for(user).values("pk")
    return Structure.objects.filter(Q(pk__in=visible) | Q(pk__in=own)).order_by("name")


def agreement_create(request: ProRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise PermissionDenied("Seule la coordination crée une convention.")
    form = _form(request, None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            agreement = form.save()
            AgreementLog.record(agreement, user=request.user, action=LogAction.CREATE)
        messages.success(request, "La convention est créée, en projet. Ajoutez-lui ses parties.")
        return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/form.html", {"form": form, "heading": "Nouvelle convention"})


def agreement_edit(request: ProRequest, pk: int) -> HttpResponse:
    agreement = editable(request, pk)
    form = _form(request, agreement)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            AgreementLog.record(agreement, user=request.user, action=LogAction.CHANGE)
        messages.success(request, "La convention est enregistrée.")
        return redirect("agreements:detail", pk=agreement.pk)
    context = {"form": form, "heading": f"Modifier « {agreement.title} »", "agreement": agreement}
    return render(request, "agreements/form.html", context)


@require_POST
def party_add(request: ProRequest, pk: int) -> HttpResponse:
    agreement = editable(request, pk)
    form = PartyForm(request.POST, structures=party_structures(request.user))
    if not form.is_valid():
        _report_errors(request, form)
        return redirect("agreements:detail", pk=agreement.pk)
    with transaction.atomic():
        form.instance.agreement = agreement
        form.instance.position = agreement.parties.count()
        party = form.save()
        AgreementLog.record(agreement, user=request.user, action=LogAction.CHANGE, detail=f"partie ajoutée : {party}")
    messages.success(request, f"{party} est ajoutée aux parties.")
    return redirect("agreements:detail", pk=agreement.pk)


@require_POST
def party_remove(request: ProRequest, pk: int, party_pk: int) -> HttpResponse:
    agreement = editable(request, pk)
    party = get_object_or_404(Party, pk=party_pk, agreement=agreement)
    with transaction.atomic():
        label = party.label
        party.delete()
        AgreementLog.record(agreement, user=request.user, action=LogAction.CHANGE, detail=f"partie retirée : {label}")
    messages.success(request, f"{label} n'est plus une partie de la convention.")
    return redirect("agreements:detail", pk=agreement.pk)


def _report_errors(request: ProRequest, form: DsfrBaseForm) -> None:
    """A form posted from the detail page: its errors as messages there."""
    for messages_ in form.errors.values():
        for message in messages_:
            messages.error(request, str(message))


@dataclass(frozen=True)
class Action:
    """What a button does: one Agreement transition, and the form bringing its arguments."""

    transition: Callable[..., None]
    success: str
    form: type[DsfrBaseForm] | None = None


# URL action → transition: an explicit list, so that no other method can be reached from a URL.
ACTIONS: dict[str, Action] = {
    "signer": Action(Agreement.sign, "La convention est enregistrée comme signée.", SignForm),
    "denoncer": Action(Agreement.terminate, "La dénonciation de la convention est enregistrée.", TerminateForm),
    "reconduire": Action(Agreement.renew, "La reconduction est enregistrée : l'échéance est reportée."),
}


@require_POST
def agreement_transition(request: ProRequest, pk: int, action: str) -> HttpResponse:
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404("Action inconnue.")
    agreement = editable(request, pk)
    arguments: dict[str, Any] = {}
    if chosen.form is not None:
        form = chosen.form(request.POST)
        if not form.is_valid():
            _report_errors(request, form)
            return redirect("agreements:detail", pk=agreement.pk)
        arguments = form.cleaned_data
    try:
        chosen.transition(agreement, by=request.user, **arguments)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, chosen.success)
    return redirect("agreements:detail", pk=agreement.pk)
