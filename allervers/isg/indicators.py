"""The module's automatic plan indicators (fiche 2.2.3, « Pérenniser et développer les postes d'intervenants
sociaux »), registered from IsgConfig.ready()."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from allervers.isg import coverage
from allervers.isg.models import IsgPost

if TYPE_CHECKING:
    from allervers.plan.indicators import Measure
    from allervers.plan.models import Plan

WHOLE = "Tout le département"


def _measure(category: str, value: Decimal) -> Measure:
    from allervers.plan.indicators import Measure

    return Measure(category, value)


def communes_share(plan: Plan) -> list[Measure]:
    whole = coverage.department_coverage(plan.department_id)
    rows = coverage.coverage_by_epci(plan.department_id)
    return [_measure(WHOLE, whole.communes_share)] + [_measure(row.label, row.communes_share) for row in rows]


def population_share(plan: Plan) -> list[Measure]:
    whole = coverage.department_coverage(plan.department_id)
    rows = coverage.coverage_by_epci(plan.department_id)
    return [_measure(WHOLE, whole.population_share)] + [_measure(row.label, row.population_share) for row in rows]


def posts_by_status(plan: Plan) -> list[Measure]:
    counts = coverage.status_counts(IsgPost.objects.in_department(plan.department_id))
    return [_measure(label, Decimal(count)) for label, count in counts.items()]


def funding_shares(plan: Plan) -> list[Measure]:
    rows = coverage.funding_table(IsgPost.objects.in_department(plan.department_id))
    return [_measure(f"{row.year} — {row.funder}", share) for row in rows if (share := row.average_share) is not None]


def funding_amounts(plan: Plan) -> list[Measure]:
    rows = coverage.funding_table(IsgPost.objects.in_department(plan.department_id))
    return [_measure(f"{row.year} — {row.funder}", row.amount) for row in rows if row.amount is not None]


def register() -> None:
    from allervers.plan.indicators import register_source

    register_source(
        "isg-part-communes-couvertes", "Part des communes couvertes par un ISG en poste, par EPCI", "%", communes_share
    )
    register_source(
        "isg-part-population-couverte",
        "Part de la population couverte par un ISG en poste, par EPCI",
        "%",
        population_share,
    )
    register_source("isg-postes-par-statut", "Postes d'ISG pourvus, vacants, en projet", "postes", posts_by_status)
    register_source(
        "isg-financement-part-financeur",
        "Financement des postes d'ISG : part moyenne par financeur et par année",
        "%",
        funding_shares,
    )
    register_source(
        "isg-financement-montant-financeur",
        "Financement des postes d'ISG : montants par financeur et par année",
        "euros",
        funding_amounts,
    )
