"""Working groups, their meetings and the « relevé de décisions », kept by the plan's coordination."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from allervers.accounts.permissions import ProRequest
from allervers.common.exceptions import TransitionError
from allervers.plan.forms import DecisionForm, MeetingForm, ParticipantFormSet, WorkingGroupForm
from allervers.plan.models import Decision, Meeting, Plan, WorkingGroup
from allervers.plan.permissions import require_coordinator
from allervers.plan.views.editing import dashboard_link, form_page


def _to_meeting(meeting: Meeting) -> tuple[str, str]:
    return reverse("plan:meeting", args=[meeting.pk]), f"Retour à la réunion du {meeting.held_on:%d/%m/%Y}"


def group_create(request: ProRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)
    require_coordinator(request.user, plan)
    form = WorkingGroupForm(request.POST or None, instance=WorkingGroup(plan=plan))
    if request.method == "POST" and form.is_valid():
        group = form.save()
        messages.success(request, f"Le groupe de travail n°{group.number} est créé.")
        return redirect("plan:dashboard", pk=plan.pk)
    return form_page(request, "Créer un groupe de travail", dashboard_link(plan), form)


def group_edit(request: ProRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(WorkingGroup.objects.for_user(request.user).select_related("plan"), pk=pk)
    require_coordinator(request.user, group.plan)
    form = WorkingGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Le groupe de travail n°{group.number} est enregistré.")
        return redirect("plan:dashboard", pk=group.plan_id)
    return form_page(request, f"Modifier le groupe de travail n°{group.number}", dashboard_link(group.plan), form)


def _meeting_page(request: ProRequest, meeting: Meeting, plan: Plan, title: str) -> HttpResponse:
    """Shared by creation and edit: the meeting and, in the same form, who chaired and attended it."""
    data = request.POST or None
    form = MeetingForm(data, instance=meeting)
    attendees = ParticipantFormSet(data, instance=meeting, prefix="participants", form_kwargs={"plan": plan})
    if request.method == "POST" and form.is_valid() and attendees.is_valid():
        with transaction.atomic():
            meeting = form.save()
            attendees.instance = meeting
            attendees.save()
        messages.success(request, "La réunion est enregistrée.")
        return redirect("plan:meeting", pk=meeting.pk)
    back = _to_meeting(meeting) if meeting.pk else dashboard_link(plan)
    return form_page(request, title, back, form, formset=attendees, formset_item="Participant")


def meeting_create(request: ProRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(WorkingGroup.objects.for_user(request.user).select_related("plan"), pk=pk)
    require_coordinator(request.user, group.plan)
    return _meeting_page(request, Meeting(group=group), group.plan, f"Nouvelle réunion du {group}")


def meeting_edit(request: ProRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.for_user(request.user).select_related("group__plan"), pk=pk)
    require_coordinator(request.user, meeting.group.plan)
    return _meeting_page(request, meeting, meeting.group.plan, f"Modifier la réunion du {meeting.held_on:%d/%m/%Y}")


def decision_create(request: ProRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.for_user(request.user).select_related("group__plan"), pk=pk)
    plan = meeting.group.plan
    require_coordinator(request.user, plan)
    next_number = (meeting.decisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = DecisionForm(
        request.POST or None, instance=Decision(meeting=meeting), plan=plan, initial={"number": next_number}
    )
    if request.method == "POST" and form.is_valid():
        decision = form.save()
        messages.success(request, f"La décision {decision.number} est ajoutée au relevé.")
        return redirect("plan:meeting", pk=meeting.pk)
    return form_page(request, "Ajouter une décision", _to_meeting(meeting), form)


def decision_edit(request: ProRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.for_user(request.user).select_related("meeting__group__plan"), pk=pk)
    plan = decision.meeting.group.plan
    require_coordinator(request.user, plan)
    form = DecisionForm(request.POST or None, instance=decision, plan=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"La décision {decision.number} est enregistrée.")
        return redirect("plan:meeting", pk=decision.meeting_id)
    return form_page(request, f"Modifier la décision {decision.number}", _to_meeting(decision.meeting), form)


@require_POST
def decision_settle(request: ProRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.for_user(request.user).select_related("meeting__group__plan"), pk=pk)
    require_coordinator(request.user, decision.meeting.group.plan)
    try:
        decision.settle()
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"La décision {decision.number} est soldée.")
    return redirect("plan:meeting", pk=decision.meeting_id)
