"""Pages where the coordination builds its plan: the plan, its axes and actions, new fiches, indicator
definitions and the fiche template's own fields. Only a coordinator whose scope covers the plan's department
gets here (require_coordinator); a fiche's pilots edit their fiche on the fiche's own page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from allervers.accounts.permissions import ProRequest
from allervers.plan.forms import (
    ActionForm,
    AxisForm,
    FicheForm,
    IndicatorForm,
    PlanForm,
    TemplateFieldFormSet,
)
from allervers.plan.models import Action, Axis, FicheAction, FicheTemplate, Indicator, Plan
from allervers.plan.permissions import require_coordinator, require_plan_creator


def form_page(request: ProRequest, title: str, back: tuple[str, str], form: Any, **extra: Any) -> HttpResponse:
    """The one template of these plain edit pages: a back link, a title, a form and maybe a formset."""
    back_url, back_label = back
    context = {"title": title, "back_url": back_url, "back_label": back_label, "form": form, **extra}
    return render(request, "plan/edit_form.html", context)


def dashboard_link(plan: Plan) -> tuple[str, str]:
    return reverse("plan:dashboard", args=[plan.pk]), f"Retour au plan {plan.title} {plan.period}"


def plan_create(request: ProRequest) -> HttpResponse:
    departments = require_plan_creator(request.user)
    form = PlanForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(request, "Le plan est créé, en préparation. Ajoutez-lui ses axes.")
        return redirect("plan:dashboard", pk=plan.pk)
    return form_page(request, "Créer un plan", (reverse("plan:list"), "Retour aux plans"), form)


def plan_edit(request: ProRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user).select_related("department"), pk=pk)
    require_coordinator(request.user, plan)
    departments = require_plan_creator(request.user)
    form = PlanForm(request.POST or None, instance=plan, departments=departments)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Le plan est enregistré.")
        return redirect("plan:dashboard", pk=plan.pk)
    return form_page(request, f"Modifier le plan {plan.title}", dashboard_link(plan), form)


def axis_create(request: ProRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)
    require_coordinator(request.user, plan)
    form = AxisForm(request.POST or None, instance=Axis(plan=plan))
    if request.method == "POST" and form.is_valid():
        axis = form.save()
        messages.success(request, f"L'axe {axis.number} est ajouté au plan.")
        return redirect("plan:dashboard", pk=plan.pk)
    return form_page(request, "Ajouter un axe", dashboard_link(plan), form)


def axis_edit(request: ProRequest, pk: int) -> HttpResponse:
    axis = get_object_or_404(Axis.objects.for_user(request.user).select_related("plan"), pk=pk)
    require_coordinator(request.user, axis.plan)
    form = AxisForm(request.POST or None, instance=axis)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"L'axe {axis.number} est enregistré.")
        return redirect("plan:dashboard", pk=axis.plan_id)
    return form_page(request, f"Modifier l'axe {axis.number}", dashboard_link(axis.plan), form)


def action_create(request: ProRequest, pk: int) -> HttpResponse:
    axis = get_object_or_404(Axis.objects.for_user(request.user).select_related("plan"), pk=pk)
    require_coordinator(request.user, axis.plan)
    form = ActionForm(request.POST or None, instance=Action(axis=axis))
    if request.method == "POST" and form.is_valid():
        action = form.save()
        messages.success(request, f"L'action {action.code} est ajoutée à l'axe {axis.number}.")
        return redirect("plan:dashboard", pk=axis.plan_id)
    return form_page(request, f"Ajouter une action à l'axe {axis.number}", dashboard_link(axis.plan), form)


def action_edit(request: ProRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.for_user(request.user).select_related("axis__plan"), pk=pk)
    require_coordinator(request.user, action.axis.plan)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"L'action {action.code} est enregistrée.")
        return redirect("plan:dashboard", pk=action.axis.plan_id)
    return form_page(request, f"Modifier l'action {action.code}", dashboard_link(action.axis.plan), form)


def fiche_create(request: ProRequest, pk: int) -> HttpResponse:
    """A new fiche in an action; `?parent=<id>` proposes it as a sub-action of that fiche."""
    action = get_object_or_404(Action.objects.for_user(request.user).select_related("axis__plan__template"), pk=pk)
    require_coordinator(request.user, action.axis.plan)
    initial = {"parent": request.GET.get("parent", "")}
    form = FicheForm(request.POST or None, instance=FicheAction(action=action), coordinator=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.instance.extra_values = form.extra_values()
        fiche = form.save()
        messages.success(request, f"La fiche {fiche.number} est créée. Ajoutez-lui ses étapes et son budget.")
        return redirect("plan:fiche", pk=fiche.pk)
    return form_page(request, f"Ajouter une fiche à l'action {action.code}", dashboard_link(action.axis.plan), form)


def indicator_create(request: ProRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)
    require_coordinator(request.user, plan)
    form = IndicatorForm(request.POST or None, instance=Indicator(plan=plan))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "L'indicateur est ajouté au plan.")
        return redirect("plan:dashboard", pk=plan.pk)
    return form_page(request, "Ajouter un indicateur", dashboard_link(plan), form)


def indicator_edit(request: ProRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.for_user(request.user).select_related("plan"), pk=pk)
    require_coordinator(request.user, indicator.plan)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "La définition de l'indicateur est enregistrée.")
        return redirect("plan:dashboard", pk=indicator.plan_id)
    return form_page(request, f"Modifier l'indicateur {indicator.title}", dashboard_link(indicator.plan), form)


def template_edit(request: ProRequest, pk: int) -> HttpResponse:
    """The fields a coordinator adds to every fiche of the plan; the template is created on the first save."""
    plan = get_object_or_404(Plan.objects.for_user(request.user).select_related("template"), pk=pk)
    require_coordinator(request.user, plan)
    template = plan.template or FicheTemplate(department_id=plan.department_id)
    formset = TemplateFieldFormSet(request.POST or None, instance=template, prefix="champs")
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.instance = plan.ensure_template()
            formset.save()
        messages.success(request, "Le modèle de fiche est enregistré : ses champs s'ajoutent à chaque fiche.")
        return redirect("plan:dashboard", pk=plan.pk)
    title = "Modèle de fiche action : champs complémentaires"
    return form_page(request, title, dashboard_link(plan), None, formset=formset, formset_item="Champ")
