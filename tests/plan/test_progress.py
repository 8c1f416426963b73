import datetime

import pytest

from allervers.plan.enums import FicheStatus
from allervers.plan.progress import Node, rollup

pytestmark = pytest.mark.django_db


def test_a_fiche_without_children_progresses_with_its_steps(small_plan):
    fiche = small_plan.alone
    for index in range(4):
        fiche.steps.create(title=f"Étape {index}", done_on=datetime.date(2025, 3, 1) if index == 0 else None)
    assert fiche.progress == 25


def test_a_parent_takes_the_weighted_progress_of_its_children(small_plan):
    a, b = small_plan.child_a, small_plan.child_b
    a.steps.create(title="faite", done_on=datetime.date(2025, 1, 1))  # A: 100 %
    b.steps.create(title="à faire")  # B: 0 %
    a.weight, b.weight = 3, 1
    a.save()
    b.save()
    assert small_plan.parent.progress == 75


def test_an_abandoned_child_does_not_hold_its_parent_back(small_plan):
    small_plan.child_a.steps.create(title="faite", done_on=datetime.date(2025, 1, 1))
    small_plan.child_b.abandon(reason="plus de financement")
    assert small_plan.parent.progress == 100


def test_a_done_fiche_is_complete_whatever_its_steps():
    nodes = [Node(1, None, FicheStatus.DONE, 1, steps_done=0, steps_total=3)]
    assert rollup(nodes) == {1: 100}


def test_roll_up_goes_down_several_levels():
    nodes = [
        Node(1, None, FicheStatus.IN_PROGRESS, 1),
        Node(2, 1, FicheStatus.IN_PROGRESS, 1),
        Node(3, 2, FicheStatus.IN_PROGRESS, 1, steps_done=1, steps_total=2),
        Node(4, 2, FicheStatus.DONE, 1),
        Node(5, 1, FicheStatus.PLANNED, 2),
    ]
    result = rollup(nodes)
    assert result[2] == 75
    assert result[1] == 25  # (75 × 1 + 0 × 2) / 3


def test_the_dashboard_shows_the_axis_progress(client, small_plan):
    from tests.factories import coordinator

    small_plan.alone.steps.create(title="faite", done_on=datetime.date(2025, 1, 1))
    client.force_login(coordinator())
    from django.urls import reverse

    page = client.get(reverse("plan:dashboard", args=[small_plan.plan.pk])).content.decode()
    # Top-level fiches: the parent (0 %) and the fiche alone (100 %), each weighing 1.
    assert "Axe 1 : Axe fictif" in page
    assert 'value="50"' in page
