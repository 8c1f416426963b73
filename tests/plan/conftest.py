"""A small plan over real communes: one axis, one action, a parent fiche with two sub-actions, one fiche alone."""

from dataclasses import dataclass

import pytest

from allervers.plan.models import Action, Axis, FicheAction, Plan
from allervers.territories.models import Department
from tests.factories import StructureFactory, commune


@dataclass
class SmallPlan:
    plan: Plan
    action: Action
    parent: FicheAction
    child_a: FicheAction
    child_b: FicheAction
    alone: FicheAction
    pilot: object
    partner: object


@pytest.fixture
def small_plan(db):
    plan = Plan.objects.create(
        title="Plan fictif de prévention", department=Department.objects.get(code="01"), start_year=2025, end_year=2027
    )
    axis = Axis.objects.create(plan=plan, number=1, title="Axe fictif")
    action = Action.objects.create(axis=axis, number=1, title="Action fictive")
    parent = FicheAction.objects.create(action=action, number="1.1.1", title="Fiche parente")
    child_a = FicheAction.objects.create(action=action, number="1.1.1.1", title="Sous-action A", parent=parent)
    child_b = FicheAction.objects.create(action=action, number="1.1.1.2", title="Sous-action B", parent=parent)
    alone = FicheAction.objects.create(action=action, number="1.1.2", title="Fiche seule")
    pilot = StructureFactory(name="Structure pilote fictive", commune=commune("01053"))
    partner = StructureFactory(name="Structure partenaire fictive", commune=commune("01283"))
    alone.pilots.add(pilot)
    alone.partners.add(partner)
    return SmallPlan(plan, action, parent, child_a, child_b, alone, pilot, partner)


@pytest.fixture
def other_plan_fiche(db):
    """A fiche of another plan of the same department, that no form of the small plan may offer."""
    plan = Plan.objects.create(
        title="Autre plan fictif", department=Department.objects.get(code="01"), start_year=2025, end_year=2027
    )
    action = Action.objects.create(axis=Axis.objects.create(plan=plan, number=1, title="Axe"), number=1, title="Action")
    return FicheAction.objects.create(action=action, number="1.1.1", title="Fiche d'un autre plan")
