"""A coordinator records a working group, its meeting with who chaired and attended it, and the decisions taken."""

import datetime

import pytest
from django.urls import reverse

from allervers.plan.enums import ParticipantRole
from allervers.plan.models import Decision, Meeting, WorkingGroup
from tests.factories import coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordination(client):
    client.force_login(coordinator(("01",)))
    return client


@pytest.fixture
def group(small_plan):
    return WorkingGroup.objects.create(plan=small_plan.plan, number=1, title="Groupe fictif")


def participants(*rows):
    data = {"participants-TOTAL_FORMS": str(len(rows)), "participants-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"participants-{index}-{key}": value for key, value in row.items()})
    return data


def test_a_coordinator_creates_a_working_group(coordination, small_plan):
    data = {"number": "2", "title": "Aller vers", "objective": "Repérer", "axis": small_plan.action.axis_id}
    coordination.post(reverse("plan:group-create", args=[small_plan.plan.pk]), data)
    assert WorkingGroup.objects.get(plan=small_plan.plan, number=2).axis == small_plan.action.axis


def test_a_coordinator_records_a_meeting_with_its_chair_and_attendees(coordination, group, small_plan):
    data = {
        "held_on": "2026-03-12",
        "title": "Réunion de lancement",
        "agenda": "1. Tour de table\n2. Fiches",
        **participants(
            {
                "role": ParticipantRole.CHAIR,
                "organisation": "Préfecture",
                "function": "Directrice de cabinet",
                "position": "0",
            },
            {
                "role": ParticipantRole.ATTENDEE,
                "structure": small_plan.pilot.pk,
                "function": "Chef de service",
                "position": "1",
            },
        ),
    }
    response = coordination.post(reverse("plan:meeting-create", args=[group.pk]), data)
    meeting = Meeting.objects.get(group=group)
    assert response.url == reverse("plan:meeting", args=[meeting.pk])
    assert meeting.held_on == datetime.date(2026, 3, 12)
    assert [p.organisation_name for p in meeting.chairs] == ["Préfecture"]
    assert [p.organisation_name for p in meeting.attendees] == [small_plan.pilot.name]
    page = coordination.get(response.url).content.decode()
    assert "2. Fiches" in page


def test_an_attendee_needs_a_structure_or_an_institution(coordination, group):
    data = {
        "held_on": "2026-03-12",
        "title": "Réunion",
        **participants({"role": "attendee", "function": "Éducateur", "position": "0"}),
    }
    response = coordination.post(reverse("plan:meeting-create", args=[group.pk]), data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_a_coordinator_adds_a_decision_linked_to_an_action_and_a_fiche(coordination, group, small_plan):
    meeting = Meeting.objects.create(group=group, held_on=datetime.date(2026, 3, 12), title="Réunion")
    form = coordination.get(reverse("plan:decision-create", args=[meeting.pk])).context["form"]
    assert form["number"].value() == 1
    data = {
        "number": "1",
        "text": "Créer une fiche sur les maraudes.",
        "actions": [small_plan.action.pk],
        "fiches": [small_plan.alone.pk],
        "follow_up_by": "Coordination du CISPD",
        "due_date": "2026-06-30",
    }
    coordination.post(reverse("plan:decision-create", args=[meeting.pk]), data)
    decision = Decision.objects.get(meeting=meeting)
    assert list(decision.actions.all()) == [small_plan.action]
    assert list(decision.fiches.all()) == [small_plan.alone]
    fiche_page = coordination.get(reverse("plan:fiche", args=[small_plan.alone.pk])).content.decode()
    assert "Créer une fiche sur les maraudes." in fiche_page


def test_a_decision_cannot_link_a_fiche_of_another_plan(coordination, group, small_plan, other_plan_fiche):
    meeting = Meeting.objects.create(group=group, held_on=datetime.date(2026, 3, 12), title="Réunion")
    data = {"number": "1", "text": "Hors plan", "fiches": [other_plan_fiche.pk]}
    response = coordination.post(reverse("plan:decision-create", args=[meeting.pk]), data)
    assert "fiches" in response.context["form"].errors
    assert not Decision.objects.exists()
