"""The plan's automatic sources on a known data set: in the Ain, two signed conventions (one ending in 60 days),
one signed protocol, one convention in project, one denounced; in the Haute-Savoie, one signed convention."""

from __future__ import annotations

from decimal import Decimal

import pytest

from allervers.agreements.models import Agreement
from allervers.plan.indicators import get_source
from allervers.plan.models import Plan
from allervers.territories.models import Department
from tests.agreements.conftest import make_agreement, signed

pytestmark = pytest.mark.django_db
PLAINT = "aide-aux-victimes--depot-de-plainte"
MEDICO = "aide-aux-victimes--examen-medico-legal"


@pytest.fixture
def plan(setting):
    s = setting.association
    signed(make_agreement(s, title="A", theme=MEDICO), days_left=200)
    signed(make_agreement(s, title="B", theme=PLAINT), days_left=60)
    signed(make_agreement(s, title="C", kind="protocole", theme=PLAINT), days_left=400)
    make_agreement(s, title="D", theme=MEDICO)  # en projet
    denounced = make_agreement(s, title="E", theme=MEDICO)
    Agreement.objects.filter(pk=denounced.pk).update(status="denoncee")
    signed(make_agreement(s, title="F", department="74"), days_left=30)
    # The fixture's own convention, in project and without a theme.
    return Plan.objects.create(
        title="Plan fictif", department=Department.objects.get(code="01"), start_year=2025, end_year=2027
    )


def values(code, plan):
    source = get_source(code)
    assert source is not None, code
    return {m.category: m.value for m in source.compute(plan)}


def test_signed_in_project_and_ending_soon_by_kind(plan):
    assert values("conventions-signees", plan) == {"convention": Decimal(2), "protocole": Decimal(1)}
    assert values("conventions-en-projet", plan) == {"convention": Decimal(2)}
    assert values("conventions-echeance-90-jours", plan) == {"convention": Decimal(1)}


def test_by_theme_counts_signed_and_projects(plan):
    assert values("conventions-par-thematique", plan) == {
        "Dépôt de plainte": Decimal(2),
        "Examen médico-légal": Decimal(2),
        "Sans thématique": Decimal(1),
    }
