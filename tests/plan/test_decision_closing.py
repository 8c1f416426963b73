"""The coordination settles a decision of the « relevé de décisions » once it has been carried out."""

import datetime

import pytest
from django.urls import reverse

from allervers.plan.enums import DecisionStatus
from allervers.plan.models import Decision, Meeting, WorkingGroup
from tests.factories import coordinator, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(small_plan):
    group = WorkingGroup.objects.create(plan=small_plan.plan, number=1, title="Groupe")
    meeting = Meeting.objects.create(group=group, held_on=datetime.date(2026, 3, 12), title="Réunion")
    return Decision.objects.create(meeting=meeting, number=1, text="Réunir les maraudes")


def test_a_coordinator_settles_an_open_decision(client, decision):
    client.force_login(coordinator(("01",)))
    response = client.post(reverse("plan:decision-settle", args=[decision.pk]), follow=True)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DONE
    assert "La décision 1 est soldée." in response.content.decode()


def test_settling_a_settled_decision_says_so_and_changes_nothing(client, decision):
    decision.settle()
    client.force_login(coordinator(("01",)))
    response = client.post(reverse("plan:decision-settle", args=[decision.pk]), follow=True)
    assert "Cette décision est déjà soldée." in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DONE


def test_the_meeting_page_offers_to_settle_only_open_decisions(client, decision):
    settled = Decision.objects.create(meeting=decision.meeting, number=2, text="Déjà faite", status=DecisionStatus.DONE)
    client.force_login(coordinator(("01",)))
    page = client.get(reverse("plan:meeting", args=[decision.meeting_id])).content.decode()
    assert reverse("plan:decision-settle", args=[decision.pk]) in page
    assert reverse("plan:decision-settle", args=[settled.pk]) not in page


def test_settling_needs_a_post(client, decision):
    client.force_login(coordinator(("01",)))
    assert client.get(reverse("plan:decision-settle", args=[decision.pk])).status_code == 405
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.OPEN


def test_a_pilot_cannot_settle_a_decision_and_sees_no_button(client, decision, small_plan):
    client.force_login(member(small_plan.pilot))
    page = client.get(reverse("plan:meeting", args=[decision.meeting_id])).content.decode()
    assert reverse("plan:decision-settle", args=[decision.pk]) not in page
    assert client.post(reverse("plan:decision-settle", args=[decision.pk])).status_code == 403
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.OPEN
