"""The module's automatic plan indicators (Action 3.1, partnerships), registered from AgreementsConfig.ready().

Each counts the agreements of the plan's department, by kind (convention, protocole, charte) or by theme.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from allervers.agreements.enums import AgreementKind, AgreementStatus
from allervers.agreements.models import Agreement, AgreementQuerySet
from allervers.plan.indicators import Measure, register_source

if TYPE_CHECKING:
    from allervers.plan.models import Plan

NO_THEME = "Sans thématique"


def _by_kind(rows: AgreementQuerySet) -> list[Measure]:
    counts = Counter(rows.values_list("kind", flat=True))
    return [Measure(AgreementKind(kind).label, Decimal(count)) for kind, count in sorted(counts.items())]


def _of_plan(plan: Plan) -> AgreementQuerySet:
    return Agreement.objects.filter(department_id=plan.department_id)


def signed(plan: Plan) -> list[Measure]:
    return _by_kind(_of_plan(plan).filter(status=AgreementStatus.SIGNED))


def in_project(plan: Plan) -> list[Measure]:
    return _by_kind(_of_plan(plan).filter(status=AgreementStatus.DRAFT))


def ending_soon(plan: Plan) -> list[Measure]:
    return _by_kind(_of_plan(plan).ending_soon())


def by_theme(plan: Plan) -> list[Measure]:
    """Agreements in force or in project (signed or en projet), by theme."""
    rows = _of_plan(plan).filter(status__in=(AgreementStatus.SIGNED, AgreementStatus.DRAFT))
    labels = Counter(agreement.theme_label or NO_THEME for agreement in rows.only("theme"))
    return [Measure(label, Decimal(count)) for label, count in sorted(labels.items())]


SOURCES: list[tuple[str, str, str, Callable[[Plan], list[Measure]]]] = [
    ("conventions-signees", "Conventions et protocoles signés, par type", "conventions", signed),
    ("conventions-en-projet", "Conventions et protocoles en projet, par type", "conventions", in_project),
    (
        "conventions-echeance-90-jours",
        "Conventions signées arrivant à échéance dans les 90 jours, par type",
        "conventions",
        ending_soon,
    ),
    (
        "conventions-par-thematique",
        "Conventions signées ou en projet, par thématique",
        "conventions",
        by_theme,
    ),
]


def register() -> None:
    for code, label, unit, compute in SOURCES:
        register_source(code, label, unit, compute)
