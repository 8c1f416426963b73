"""Coverage of the pathways: for each step, the communes of a territory where its role resolves to nothing.

Also lays out a cartogram without any map tile: one square per commune, one row of squares per EPCI, drawn as an
inline SVG by the template (no third-party request, readable without colour thanks to a pattern and a text table).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from allervers.pathways.models import Situation, Step
from allervers.pathways.resolution import RoleResolver
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune

SQUARE = 12
GAP = 2
PER_LINE = 30
LABEL_WIDTH = 260


@dataclass
class StepCoverage:
    step: Step
    gaps: list[Commune]
    total: int

    @property
    def covered(self) -> int:
        return self.total - len(self.gaps)

    @property
    def gap_population(self) -> int:
        return sum(commune.population for commune in self.gaps)


@dataclass
class Square:
    x: int
    y: int
    commune: Commune
    is_gap: bool


@dataclass
class Cartogram:
    width: int
    height: int
    rows: list[tuple[str, int]] = field(default_factory=list)  # (EPCI name, y of its label)
    squares: list[Square] = field(default_factory=list)


def territory_communes(area: Q) -> list[Commune]:
    return list(
        Commune.objects.filter(kind=CommuneKind.COMMUNE)
        .filter(area)
        .select_related("epci", "parent", "department")
        .order_by("-population", "name")
    )


def step_coverage(communes: list[Commune], situations: list[Situation] | None = None) -> list[StepCoverage]:
    situations = situations if situations is not None else list(Situation.objects.published())
    steps = [step for situation in situations for step in situation.ordered_steps()]
    resolver = RoleResolver({step.role for step in steps})
    by_role: dict[int, list[Commune]] = {}
    rows = []
    for step in steps:
        if step.role_id not in by_role:
            by_role[step.role_id] = [c for c in communes if not resolver.covers(step.role, c)]
        rows.append(StepCoverage(step, by_role[step.role_id], len(communes)))
    return rows


def cartogram(communes: list[Commune], gaps: set[int]) -> Cartogram:
    by_epci: dict[str, list[Commune]] = {}
    for commune in sorted(communes, key=lambda c: (c.epci.name if c.epci else "", c.name)):
        by_epci.setdefault(commune.epci.name if commune.epci else "Sans intercommunalité", []).append(commune)
    result = Cartogram(width=LABEL_WIDTH + PER_LINE * (SQUARE + GAP), height=0)
    y = 0
    for name, members in by_epci.items():
        result.rows.append((name, y + SQUARE))
        for index, commune in enumerate(members):
            line, column = divmod(index, PER_LINE)
            result.squares.append(
                Square(LABEL_WIDTH + column * (SQUARE + GAP), y + line * (SQUARE + GAP), commune, commune.pk in gaps)
            )
        lines = (len(members) - 1) // PER_LINE + 1
        y += lines * (SQUARE + GAP) + 8
    result.height = y
    return result
