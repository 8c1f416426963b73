"""The plan as documents read it: axes, actions and fiches with their progress, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from allervers.plan.models import Action, Axis, FicheAction, Indicator, Meeting, Plan


@dataclass
class FicheView:
    fiche: FicheAction
    progress: int
    children: list[FicheView] = field(default_factory=list)

    @property
    def planned(self) -> Decimal:
        return sum((line.planned for line in self.fiche.budget_lines.all()), Decimal(0))

    @property
    def actual(self) -> Decimal:
        return sum((line.actual or Decimal(0) for line in self.fiche.budget_lines.all()), Decimal(0))

    def rows(self) -> list[tuple[str, str]]:
        """The fiche as (heading, text) pairs, in the order of a French fiche action."""
        f = self.fiche
        period = " – ".join(d.strftime("%d/%m/%Y") for d in (f.start_date, f.end_date) if d) or "non précisé"
        rows = [
            ("Action", str(f.action)),
            ("Contexte", f.context),
            ("Objectifs", f.objectives),
            ("Description de l'action", f.description),
            ("Publics visés", f.target_publics),
            ("Territoire concerné", f.territory),
            ("Structures pilotes", ", ".join(s.name for s in f.pilots.all())),
            ("Structures partenaires", ", ".join(s.name for s in f.partners.all())),
            ("Élu référent", f.elected_referent),
            ("Calendrier", period),
            (
                "Statut",
                f"{f.get_status_display()} — priorité {f.get_priority_display()} — avancement {self.progress} %",
            ),
        ]
        rows += [(label, _text(value)) for label, value in f.extra_items()]
        return [(label, text or "—") for label, text in rows]


@dataclass
class ActionView:
    action: Action
    fiches: list[FicheView]


@dataclass
class AxisView:
    axis: Axis
    actions: list[ActionView]


@dataclass
class PlanDocument:
    plan: Plan
    axes: list[AxisView]
    meetings: list[Meeting]
    indicators: list[Indicator]
    generated_on: datetime.date


def _text(value: object) -> str:
    if value is True:
        return "oui"
    if value is False:
        return "non"
    return "" if value is None else str(value)


def fiche_queryset(plan: Plan) -> list[FicheAction]:
    return list(
        plan.fiches()
        .in_plan_order()
        .select_related("action__axis__plan__template", "parent")
        .prefetch_related("pilots", "partners", "steps", "budget_lines", "action__axis__plan__template__fields")
    )


def build(plan: Plan) -> PlanDocument:
    progress = plan.fiches().progress_by_pk()
    views = {f.pk: FicheView(f, progress.get(f.pk, 0)) for f in fiche_queryset(plan)}
    by_action: dict[int, list[FicheView]] = {}
    for view in views.values():
        parent_id = view.fiche.parent_id
        if parent_id in views:
            views[parent_id].children.append(view)
        else:
            by_action.setdefault(view.fiche.action_id, []).append(view)
    axes = [
        AxisView(axis, [ActionView(action, by_action.get(action.pk, [])) for action in axis.actions.all()])
        for axis in plan.axes.prefetch_related("actions__axis")
    ]
    meetings = list(
        Meeting.objects.filter(group__plan=plan)
        .select_related("group")
        .prefetch_related("participants__structure", "decisions__actions__axis", "decisions__fiches")
        .order_by("held_on")
    )
    indicators = list(plan.indicators.select_related("fiche").prefetch_related("values"))
    return PlanDocument(plan, axes, meetings, indicators, timezone.localdate())


def single_fiche(fiche: FicheAction) -> FicheView:
    plan = fiche.plan
    views = {f.pk: f for f in fiche_queryset(plan)}
    return FicheView(views[fiche.pk], plan.fiches().progress_by_pk().get(fiche.pk, 0))
