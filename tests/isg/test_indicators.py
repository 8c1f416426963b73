"""The automatic plan indicators of fiche 2.2.3 on the known data set."""

from __future__ import annotations

from decimal import Decimal

import pytest

from allervers.isg.enums import FunderKind
from allervers.isg.models import Funding
from allervers.plan.indicators import get_source
from allervers.plan.models import Indicator, Plan
from allervers.territories.models import Department
from tests.factories import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(known):
    Funding.objects.create(post=known.miribel, year=2026, funder_kind=FunderKind.STATE, share=60, amount=30000)
    Funding.objects.create(post=known.miribel, year=2026, funder_kind=FunderKind.DEPARTMENT, share=40)
    Funding.objects.create(post=known.belley, year=2026, funder_kind=FunderKind.STATE, share=100)
    return Plan.objects.create(
        title="Plan fictif", department=Department.objects.get(code="01"), start_year=2025, end_year=2027
    )


def values(code, plan):
    source = get_source(code)
    assert source is not None, code
    return {m.category: m.value for m in source.compute(plan)}


def test_communes_and_population_shares(plan):
    communes = values("isg-part-communes-couvertes", plan)
    assert communes["Tout le département"] == Decimal("1.8")
    assert communes[commune("01249").epci.name] == Decimal("100.0")
    assert communes[commune("01010").epci.name] == Decimal("33.3")
    population = values("isg-part-population-couverte", plan)
    assert population["Tout le département"] == Decimal("3.9")
    assert population[commune("01010").epci.name] == Decimal("33.0")


def test_posts_by_status(plan):
    assert values("isg-postes-par-statut", plan) == {"pourvu": 2, "vacant": 1, "en projet": 1}


def test_funding_per_funder(plan):
    assert values("isg-financement-part-financeur", plan) == {
        "2026 — État (FIPD)": Decimal("80.0"),  # (60 + 100) / 2 posts
        "2026 — Département": Decimal("20.0"),  # (40 + 0) / 2
    }
    assert values("isg-financement-montant-financeur", plan) == {"2026 — État (FIPD)": Decimal(30000)}


def test_an_indicator_of_the_plan_stores_the_values(plan):
    indicator = Indicator.objects.create(plan=plan, title="Postes", automatic_source="isg-postes-par-statut")
    assert indicator.refresh() == 3
    assert {v.category: v.value for v in indicator.latest_values()} == {"en projet": 1, "pourvu": 2, "vacant": 1}
