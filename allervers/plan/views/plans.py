from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from allervers.accounts.permissions import ProRequest
from allervers.common.exceptions import TransitionError
from allervers.plan import dashboard
from allervers.plan.documents.content import build
from allervers.plan.forms import IndicatorValueForm
from allervers.plan.models import Indicator, Meeting, Plan
from allervers.plan.permissions import (
    coordinates_plan,
    departments_coordinated,
    plans_for,
    require_coordinator,
)


def plan_list(request: ProRequest) -> HttpResponse:
    context = {"plans": plans_for(request.user), "can_create": departments_coordinated(request.user).exists()}
    return render(request, "plan/plan_list.html", context)


def _dashboard_context(plan: Plan) -> dict[str, Any]:
    rows, progress = dashboard.axis_rows(plan)
    years = dashboard.budget_years(plan)
    fiches = plan.fiches().select_related("action__axis")
    return {
        "plan": plan,
        "axis_rows": rows,
        "late": [(f, progress.get(f.pk, 0)) for f in fiches.late().in_plan_order()],
        "blocked": [(f, progress.get(f.pk, 0)) for f in fiches.blocked().in_plan_order()],
        "deadlines": dashboard.deadlines(plan),
        "charts": dashboard.indicator_charts(plan),
        "budget_years": years,
        "budget_chart": dashboard.budget_chart(years) if years else None,
        "budget_sources": dashboard.budget_by_source(plan),
    }


def plan_dashboard(request: ProRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user).select_related("department"), pk=pk)
    context = _dashboard_context(plan)
    context["can_coordinate"] = coordinates_plan(request.user, plan)
    context["groups"] = plan.working_groups.prefetch_related("meetings")
    if context["can_coordinate"]:
        context["structure"] = plan.axes.prefetch_related("actions__axis")
    return render(request, "plan/dashboard.html", context)


# URL action → transition: an explicit list, so that no other method can be reached from a URL.
PLAN_TRANSITIONS: dict[str, Callable[[Plan], None]] = {
    "publish": Plan.publish,
    "unpublish": Plan.unpublish,
    "close": Plan.close,
}


@require_POST
def plan_transition(request: ProRequest, pk: int, action: str) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)
    require_coordinator(request.user, plan)
    transition = PLAN_TRANSITIONS.get(action)
    if transition is None:
        raise Http404("Action inconnue.")
    try:
        transition(plan)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Le plan est désormais « {plan.get_status_display()} ».")
    return redirect("plan:dashboard", pk=plan.pk)


@require_POST
def indicators_refresh(request: ProRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)
    require_coordinator(request.user, plan)
    count = sum(indicator.refresh() for indicator in plan.indicators.exclude(automatic_source=""))
    messages.success(request, f"Indicateurs automatiques actualisés : {count} valeur(s) calculée(s).")
    return redirect("plan:dashboard", pk=plan.pk)


def indicator_value_add(request: ProRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.for_user(request.user).select_related("plan"), pk=pk)
    require_coordinator(request.user, indicator.plan)
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.indicator = indicator
        form.save()
        messages.success(request, "La valeur est enregistrée.")
        return redirect("plan:dashboard", pk=indicator.plan_id)
    return render(request, "plan/indicator_value_form.html", {"form": form, "indicator": indicator})


def meeting_detail(request: ProRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.for_user(request.user)
        .select_related("group__plan")
        .prefetch_related("participants__structure", "decisions__actions__axis", "decisions__fiches"),
        pk=pk,
    )
    plan = meeting.group.plan
    context = {"meeting": meeting, "plan": plan, "can_coordinate": coordinates_plan(request.user, plan)}
    return render(request, "plan/meeting.html", context)


@login_not_required
def plan_public(request: HttpRequest, pk: int) -> HttpResponse:
    """A published plan, read-only, for everyone: no budget lines, no follow-up notes."""
    plan = get_object_or_404(Plan.objects.public().select_related("department"), pk=pk)
    rows, _ = dashboard.axis_rows(plan)
    return render(request, "plan/public.html", {"plan": plan, "document": build(plan), "axis_rows": rows})
