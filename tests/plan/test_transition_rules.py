"""A transition checks where it starts from, writes its follow-up note with the status or not at all, and can only
be reached from a URL through the explicit list of actions; `progress` reads the database once per fiche."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from allervers.common.exceptions import TransitionError
from allervers.plan.enums import FicheStatus, PlanStatus
from allervers.plan.models import FicheAction, FollowUpNote, Plan
from allervers.plan.models.fiches import TRANSITIONS
from allervers.plan.views.fiches import REASONED_TRANSITIONS, SIMPLE_TRANSITIONS
from tests.factories import coordinator, member

pytestmark = pytest.mark.django_db


def test_a_transition_from_a_wrong_state_raises_and_writes_nothing(small_plan):
    fiche = small_plan.alone
    fiche.start()
    fiche.complete()
    with pytest.raises(TransitionError, match="réalisée ou déjà abandonnée"):
        fiche.abandon(reason="plus de financement", author="Coordination")
    assert FicheAction.objects.get(pk=fiche.pk).status == FicheStatus.DONE
    assert not FollowUpNote.objects.filter(fiche=fiche).exists()
    with pytest.raises(TransitionError):
        fiche.block(reason="local fermé")
    assert not FollowUpNote.objects.exists()


@pytest.mark.parametrize("transition", ["block", "abandon"])
def test_a_status_and_its_note_are_written_together_or_not_at_all(small_plan, transition):
    fiche = small_plan.alone
    # The note's author is a NOT NULL column: the database refuses the note after the status is saved.
    with pytest.raises(IntegrityError):
        getattr(fiche, transition)(reason="convention non signée", author=None)
    assert FicheAction.objects.get(pk=fiche.pk).status == FicheStatus.PLANNED
    assert fiche.status == FicheStatus.PLANNED
    assert not FollowUpNote.objects.exists()


def test_a_plan_transition_from_a_wrong_state_changes_nothing(small_plan):
    plan = small_plan.plan
    with pytest.raises(TransitionError, match="Seul un plan publié peut être clos"):
        plan.close()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_the_buttons_of_the_fiche_page_are_exactly_the_actions_a_url_reaches():
    assert set(SIMPLE_TRANSITIONS) | set(REASONED_TRANSITIONS) == set(TRANSITIONS)


@pytest.mark.parametrize("action", ["save", "delete", "_move", "refresh_from_db", "budget_totals", "inconnue"])
def test_a_url_cannot_call_any_other_method_of_a_fiche(client, small_plan, action):
    client.force_login(coordinator(("01",)))
    response = client.post(reverse("plan:fiche-transition", args=[small_plan.alone.pk, action]), {"reason": "x"})
    assert response.status_code == 404
    assert FicheAction.objects.filter(pk=small_plan.alone.pk).exists()
    assert FicheAction.objects.get(pk=small_plan.alone.pk).status == FicheStatus.PLANNED


@pytest.mark.parametrize("action", ["save", "delete", "ensure_template", "inconnue"])
def test_a_url_cannot_call_any_other_method_of_a_plan(client, small_plan, action):
    client.force_login(coordinator(("01",)))
    response = client.post(reverse("plan:transition", args=[small_plan.plan.pk, action]))
    assert response.status_code == 404
    assert Plan.objects.filter(pk=small_plan.plan.pk, status=PlanStatus.DRAFT).exists()


def test_the_progress_of_a_fiche_is_read_once(small_plan, django_assert_num_queries):
    fiche = FicheAction.objects.get(pk=small_plan.alone.pk)
    fiche.steps.create(title="faite", done_on=datetime.date(2025, 3, 1))
    fiche.steps.create(title="à faire")
    with django_assert_num_queries(1):
        assert fiche.progress == 50
        assert fiche.progress == 50
        assert fiche.progress == 50


def test_the_progress_follows_a_status_change_and_a_reload(small_plan):
    fiche = small_plan.alone
    fiche.steps.create(title="à faire")
    assert fiche.progress == 0
    fiche.start()
    fiche.complete()
    assert fiche.progress == 100
    fiche.reopen()
    assert fiche.progress == 0
    fiche.steps.update(done_on=datetime.date(2025, 3, 1))
    fiche.refresh_from_db()
    assert fiche.progress == 100


def test_a_pilot_reaches_only_the_fiches_it_may_edit(small_plan):
    pilot = member(small_plan.pilot)
    assert list(FicheAction.objects.editable_by(pilot)) == [small_plan.alone]
    assert set(FicheAction.objects.for_user(pilot)) == {
        small_plan.parent,
        small_plan.child_a,
        small_plan.child_b,
        small_plan.alone,
    }
    assert not Plan.objects.editable_by(pilot).exists()


def test_a_coordinator_of_another_department_reaches_nothing(small_plan):
    outsider = coordinator(("69",))
    assert not Plan.objects.for_user(outsider).exists()
    assert not FicheAction.objects.for_user(outsider).exists()
    assert not FicheAction.objects.editable_by(outsider).exists()
