"""What the steering dashboard shows, computed in a fixed number of queries whatever the plan's size."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from allervers.common.text import french_number
from allervers.plan.enums import FicheStatus
from allervers.plan.models import Axis, BudgetLine, Decision, FicheAction, Indicator, Plan, Step
from allervers.plan.progress import weighted_mean

UPCOMING_DAYS = 60
CHART_WIDTH = 280
LABEL_WIDTH = 230
VALUE_WIDTH = 90


@dataclass
class Bar:
    label: str
    value: Decimal
    display: str
    width: int = 0
    y: int = 0

    @property
    def bar_y(self) -> int:
        return self.y + 4

    @property
    def text_y(self) -> int:
        return self.y + 16

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= 34 else self.label[:33] + "…"


@dataclass
class BarChart:
    """A horizontal bar chart drawn in inline SVG, always shown beside the table of its data."""

    title: str
    unit: str
    bars: list[Bar]
    chart_id: str = "graphique"
    row_height: int = 22

    def __post_init__(self) -> None:
        top = max((bar.value for bar in self.bars), default=Decimal(0))
        for index, bar in enumerate(self.bars):
            bar.width = int(CHART_WIDTH * bar.value / top) if top else 0
            bar.y = index * self.row_height

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * self.row_height

    @property
    def width(self) -> int:
        return LABEL_WIDTH + CHART_WIDTH + VALUE_WIDTH

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH - 8


@dataclass
class AxisRow:
    axis: Axis
    progress: int
    fiches: list[tuple[FicheAction, int]] = field(default_factory=list)


@dataclass
class Deadline:
    day: datetime.date
    label: str
    fiche: FicheAction | None


@dataclass
class BudgetYear:
    year: int
    planned: Decimal
    actual: Decimal


def _number(value: Decimal) -> str:
    return french_number(value)


def axis_rows(plan: Plan) -> tuple[list[AxisRow], dict[int, int]]:
    fiches = list(plan.fiches().select_related("action__axis").in_plan_order())
    progress = plan.fiches().progress_by_pk()
    rows = {axis.pk: AxisRow(axis, 0) for axis in plan.axes.all()}
    for fiche in fiches:
        rows[fiche.action.axis_id].fiches.append((fiche, progress.get(fiche.pk, 0)))
    for row in rows.values():
        top_level = [(p, f.weight) for f, p in row.fiches if f.parent_id is None and f.status != FicheStatus.ABANDONED]
        row.progress = weighted_mean(top_level)
    return list(rows.values()), progress


def deadlines(plan: Plan, day: datetime.date | None = None) -> list[Deadline]:
    day = day or timezone.localdate()
    until = day + datetime.timedelta(days=UPCOMING_DAYS)
    items = [
        Deadline(step.due_date, f"Étape : {step.title}", step.fiche)
        for step in Step.objects.filter(fiche__action__axis__plan=plan)
        .due_within(UPCOMING_DAYS, day)
        .select_related("fiche")
        if step.due_date
    ]
    open_fiches = (
        plan.fiches()
        .filter(end_date__gte=day, end_date__lte=until)
        .exclude(status__in=[FicheStatus.DONE, FicheStatus.ABANDONED])
    )
    items += [Deadline(f.end_date, "Échéance de la fiche", f) for f in open_fiches if f.end_date]
    decisions = Decision.objects.filter(
        meeting__group__plan=plan, status="open", due_date__gte=day, due_date__lte=until
    )
    items += [Deadline(d.due_date, f"Décision : {d.text[:80]}", None) for d in decisions if d.due_date]
    return sorted(items, key=lambda item: item.day)


def indicator_charts(plan: Plan) -> list[tuple[Indicator, BarChart]]:
    charts = []
    for indicator in plan.indicators.prefetch_related("values"):
        values = indicator.latest_values()
        if len(values) > 1 or any(v.category for v in values):
            bars = [Bar(v.category or "—", v.value, _number(v.value)) for v in values]
        else:
            # A plain indicator: its history, one bar per date.
            bars = [Bar(f"{v.measured_on:%d/%m/%Y}", v.value, _number(v.value)) for v in indicator.values.all()]
        charts.append((indicator, BarChart(indicator.title, indicator.unit, bars, f"indicateur-{indicator.pk}")))
    return charts


def budget_years(plan: Plan) -> list[BudgetYear]:
    rows = (
        BudgetLine.objects.filter(fiche__action__axis__plan=plan)
        .values("year")
        .annotate(planned=Sum("planned"), actual=Sum("actual"))
        .order_by("year")
    )
    return [BudgetYear(r["year"], r["planned"] or Decimal(0), r["actual"] or Decimal(0)) for r in rows]


def budget_chart(years: list[BudgetYear]) -> BarChart:
    bars = []
    for year in years:
        bars.append(Bar(f"{year.year} prévu", year.planned, f"{_number(year.planned)} €"))
        bars.append(Bar(f"{year.year} dépensé", year.actual, f"{_number(year.actual)} €"))
    return BarChart("Budget prévu et dépensé par année", "€", bars, "budget")


def budget_by_source(plan: Plan) -> list[tuple[str, Decimal, Decimal]]:
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    labels = dict(BudgetLine._meta.get_field("funding_source").choices or [])
    for line in BudgetLine.objects.filter(fiche__action__axis__plan=plan):
        totals[line.funding_source][0] += line.planned
        totals[line.funding_source][1] += line.actual or Decimal(0)
    return [(str(labels.get(code, code)), p, a) for code, (p, a) in sorted(totals.items())]
