"""The coordinator's view: people trained by profession, EPCI, topic and year, and, per EPCI of their territory,
the seed's target professions nobody has yet been trained from. Each chart (inline SVG) comes with its table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render

from allervers.accounts.permissions import ProRequest
from allervers.outreach import reach

BAR_HEIGHT = 22
LABEL_WIDTH = 300
CHART_WIDTH = 640


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    y: int
    width: int
    text: str


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * BAR_HEIGHT + 10

    label_width = LABEL_WIDTH
    width = CHART_WIDTH


def chart(title: str, unit: str, items: list[tuple[str, Decimal]], maximum: Decimal | None = None) -> Chart:
    top = maximum or max((value for _, value in items), default=Decimal(1)) or Decimal(1)
    room = CHART_WIDTH - LABEL_WIDTH - 60
    bars = [
        Bar(label, value, index * BAR_HEIGHT, int(room * value / top), f"{value.normalize():f}")
        for index, (label, value) in enumerate(items)
    ]
    return Chart(title, unit, bars)


def _counted(counter: Counter[str]) -> list[tuple[str, Decimal]]:
    return [(label, Decimal(count)) for label, count in counter.most_common()]


def reach_view(request: ProRequest) -> HttpResponse:
    scope = request.user.coordinator_scope
    if scope is None:
        raise Http404("Page réservée à la coordination.")
    department = settings.ALLERVERS_DEPARTMENT_CODE
    rows = reach.target_reach(department, scope.commune_filter("communes__"))
    charts = [
        chart(
            "Part des professions cibles touchées, par EPCI",
            "%",
            [(row.epci.name, row.share) for row in rows],
            Decimal(100),
        ),
        chart("Personnes formées, par profession", "personnes", _counted(reach.by_profession(department))),
        chart("Personnes formées, par EPCI de travail", "personnes", _counted(reach.by_epci(department))),
        chart("Personnes formées, par thématique", "personnes", _counted(reach.by_topic(department))),
        chart("Personnes formées, par année", "personnes", sorted(_counted(reach.by_year(department)))),
        chart(
            "Public touché par les actions de sensibilisation", "personnes", _counted(reach.public_reached(department))
        ),
    ]
    return render(request, "outreach/manage/reach.html", {"rows": rows, "charts": charts})
