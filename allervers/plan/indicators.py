"""Automatic indicator sources: measures the platform computes for a plan's territory.

A source is registered under a stable code that indicators store. Other apps register theirs when they exist
(hand-overs and their delays, trainings and people trained, survey results), from their AppConfig.ready():

    from allervers.plan.indicators import register_source
    register_source("formations-personnes-formees", "Personnes formées", "personnes", compute)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q

from allervers.directory.coverage import coverage_gaps

if TYPE_CHECKING:
    from allervers.plan.models import Plan

NO_EPCI = "Communes hors intercommunalité"


@dataclass(frozen=True)
class Measure:
    category: str
    value: Decimal


@dataclass(frozen=True)
class AutoSource:
    code: str
    label: str
    unit: str
    compute: Callable[[Plan], list[Measure]]


_SOURCES: dict[str, AutoSource] = {}


def register_source(code: str, label: str, unit: str, compute: Callable[[Plan], list[Measure]]) -> AutoSource:
    source = AutoSource(code, label, unit, compute)
    _SOURCES[code] = source
    return source


def get_source(code: str) -> AutoSource | None:
    return _SOURCES.get(code) if code else None


def sources() -> list[AutoSource]:
    return sorted(_SOURCES.values(), key=lambda source: source.label)


def _by_category(counter: Counter[str]) -> list[Measure]:
    return [Measure(category, Decimal(count)) for category, count in sorted(counter.items())]


def structures_by_epci(plan: Plan) -> list[Measure]:
    from allervers.directory.models import Structure

    rows = (
        Structure.objects.visible()
        .filter(commune__department_id=plan.department_id)
        .values_list("commune__epci__name", flat=True)
    )
    return _by_category(Counter(name or NO_EPCI for name in rows))


def services_by_epci(plan: Plan) -> list[Measure]:
    """Services with a place in the department, counted in the EPCI of their commune (or their structure's)."""
    from allervers.directory.models import Service

    in_department = Q(commune__department_id=plan.department_id) | Q(
        commune__isnull=True, structure__commune__department_id=plan.department_id
    )
    rows = (
        Service.objects.visible()
        .filter(in_department)
        .values_list("commune__epci__name", "commune_id", "structure__commune__epci__name")
    )
    return _by_category(
        Counter((own if commune_id else structure_epci) or NO_EPCI for own, commune_id, structure_epci in rows)
    )


def communes_without_coverage(plan: Plan) -> list[Measure]:
    """For each victim-support theme, the communes of the department that no published service reaches."""
    rows = coverage_gaps(Q(department_id=plan.department_id))
    return [Measure(row.thematique.label, Decimal(len(row.uncovered))) for row in rows]


register_source("annuaire-structures-par-epci", "Structures de l'annuaire par EPCI", "structures", structures_by_epci)
register_source("annuaire-services-par-epci", "Services de l'annuaire par EPCI", "services", services_by_epci)
register_source(
    "communes-sans-couverture", "Communes sans service, par thématique", "communes", communes_without_coverage
)
