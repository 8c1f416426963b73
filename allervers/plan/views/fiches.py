from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from allervers.accounts.permissions import ProRequest
from allervers.common.exceptions import TransitionError
from allervers.plan.documents.content import single_fiche
from allervers.plan.forms import BudgetFormSet, FicheForm, NoteForm, ReasonForm, StepFormSet
from allervers.plan.models import FicheAction, Step
from allervers.plan.models.fiches import TRANSITIONS, TRANSITIONS_WITH_REASON
from allervers.plan.permissions import can_edit_fiche, coordinates_plan, require_fiche_editor


def _fiche(request: ProRequest, pk: int) -> FicheAction:
    """The fiche if this user reads its plan; a 404 otherwise, whatever the id."""
    return get_object_or_404(
        FicheAction.objects.for_user(request.user).select_related("action__axis__plan__template", "parent"), pk=pk
    )


def fiche_detail(request: ProRequest, pk: int) -> HttpResponse:
    fiche = _fiche(request, pk)
    context = {
        "fiche": fiche,
        "plan": fiche.plan,
        "view": single_fiche(fiche),
        "can_edit": can_edit_fiche(request.user, fiche),
        "can_coordinate": coordinates_plan(request.user, fiche.plan),
        "transitions": TRANSITIONS,
        "with_reason": TRANSITIONS_WITH_REASON,
        "note_form": NoteForm(),
        "reason_form": ReasonForm(),
        "children": fiche.children.all(),
        "linked": fiche.linked.select_related("action__axis"),
        "notes": fiche.notes.all(),
        "indicators": fiche.indicators.prefetch_related("values"),
        "decisions": fiche.decisions.select_related("meeting"),
    }
    return render(request, "plan/fiche_detail.html", context)


def fiche_edit(request: ProRequest, pk: int) -> HttpResponse:
    fiche = _fiche(request, pk)
    require_fiche_editor(request.user, fiche)
    coordinator = coordinates_plan(request.user, fiche.plan)
    data = request.POST or None
    form = FicheForm(data, instance=fiche, coordinator=coordinator)
    steps = StepFormSet(data, instance=fiche, prefix="etapes")
    budget = BudgetFormSet(data, instance=fiche, prefix="budget", form_kwargs={"plan": fiche.plan})
    if request.method == "POST" and form.is_valid() and steps.is_valid() and budget.is_valid():
        with transaction.atomic():
            form.instance.extra_values = form.extra_values()
            form.save()
            steps.save()
            budget.save()
        messages.success(request, "La fiche action est enregistrée.")
        return redirect("plan:fiche", pk=fiche.pk)
    context = {"form": form, "steps": steps, "budget": budget, "fiche": fiche, "plan": fiche.plan}
    return render(request, "plan/fiche_form.html", context)


# URL action → transition: an explicit list, so that no other method can be reached from a URL. Blocking and
# abandoning need a reason, written as a follow-up note.
SIMPLE_TRANSITIONS: dict[str, Callable[[FicheAction], None]] = {
    "start": FicheAction.start,
    "complete": FicheAction.complete,
    "pause": FicheAction.pause,
    "mark_late": FicheAction.mark_late,
    "reopen": FicheAction.reopen,
}
REASONED_TRANSITIONS: dict[str, Callable[..., None]] = {"block": FicheAction.block, "abandon": FicheAction.abandon}


@require_POST
def fiche_transition(request: ProRequest, pk: int, action: str) -> HttpResponse:
    fiche = _fiche(request, pk)
    require_fiche_editor(request.user, fiche)
    if action not in SIMPLE_TRANSITIONS and action not in REASONED_TRANSITIONS:
        raise Http404("Action inconnue.")
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if action in REASONED_TRANSITIONS and not reason:
        messages.error(request, "Indiquez le motif.")
        return redirect("plan:fiche", pk=fiche.pk)
    try:
        if action in REASONED_TRANSITIONS:
            REASONED_TRANSITIONS[action](fiche, reason=reason, author=request.user.display_name)
        else:
            SIMPLE_TRANSITIONS[action](fiche)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"La fiche est désormais « {fiche.get_status_display()} ».")
    return redirect("plan:fiche", pk=fiche.pk)


@require_POST
def note_add(request: ProRequest, pk: int) -> HttpResponse:
    fiche = _fiche(request, pk)
    require_fiche_editor(request.user, fiche)
    form = NoteForm(request.POST)
    if form.is_valid():
        form.instance.fiche, form.instance.author = fiche, request.user.display_name
        form.save()
        messages.success(request, "La note de suivi est ajoutée.")
    else:
        messages.error(request, "La note n'est pas enregistrée : le texte est obligatoire.")
    return redirect("plan:fiche", pk=fiche.pk)


@require_POST
def step_toggle(request: ProRequest, pk: int) -> HttpResponse:
    step = get_object_or_404(Step.objects.for_user(request.user).select_related("fiche__action__axis__plan"), pk=pk)
    require_fiche_editor(request.user, step.fiche)
    try:
        step.mark_pending() if step.is_done else step.mark_done()
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("plan:fiche", pk=step.fiche_id)
