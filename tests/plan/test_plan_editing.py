"""A coordinator edits what the plan already holds; identifiers that fiches depend on stay put."""

import datetime

import pytest
from django.urls import reverse

from allervers.plan.models import Action, Decision, FicheTemplate, Indicator, Meeting, TemplateField, WorkingGroup
from tests.factories import coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordination(client):
    client.force_login(coordinator(("01",)))
    return client


def test_a_coordinator_renames_the_plan_and_changes_its_period(coordination, small_plan):
    data = {"title": "Plan renommé", "department": "01", "start_year": "2025", "end_year": "2029"}
    coordination.post(reverse("plan:plan-edit", args=[small_plan.plan.pk]), data)
    small_plan.plan.refresh_from_db()
    assert (small_plan.plan.title, small_plan.plan.period) == ("Plan renommé", "2025-2029")


def test_a_period_that_ends_before_it_starts_is_refused(coordination, small_plan):
    data = {"title": "Plan", "department": "01", "start_year": "2027", "end_year": "2025"}
    response = coordination.post(reverse("plan:plan-edit", args=[small_plan.plan.pk]), data)
    assert "end_year" in response.context["form"].errors


def test_a_coordinator_edits_an_axis_and_an_action(coordination, small_plan):
    axis = small_plan.action.axis
    coordination.post(reverse("plan:axis-edit", args=[axis.pk]), {"number": "1", "title": "Axe précisé"})
    coordination.post(
        reverse("plan:action-edit", args=[small_plan.action.pk]), {"number": "3", "title": "Action précisée"}
    )
    axis.refresh_from_db()
    assert axis.title == "Axe précisé"
    assert Action.objects.get(pk=small_plan.action.pk).code == "1.3"


def test_an_action_cannot_take_the_number_of_its_neighbour(coordination, small_plan):
    Action.objects.create(axis=small_plan.action.axis, number=2, title="Voisine")
    response = coordination.post(
        reverse("plan:action-edit", args=[small_plan.action.pk]), {"number": "2", "title": "Action"}
    )
    assert response.context["form"].errors["number"] == ["Ce numéro est déjà pris."]


def test_a_coordinator_edits_a_meeting_and_removes_an_attendee(coordination, small_plan):
    group = WorkingGroup.objects.create(plan=small_plan.plan, number=1, title="Groupe")
    meeting = Meeting.objects.create(group=group, held_on=datetime.date(2026, 3, 12), title="Réunion")
    attendee = meeting.participants.create(organisation="Gendarmerie", function="Commandant de brigade")
    data = {
        "held_on": "2026-03-19",
        "title": "Réunion reportée",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "1",
        "participants-0-id": attendee.pk,
        "participants-0-role": "attendee",
        "participants-0-organisation": "Gendarmerie",
        "participants-0-function": "Commandant de brigade",
        "participants-0-position": "0",
        "participants-0-DELETE": "on",
    }
    coordination.post(reverse("plan:meeting-edit", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.title) == (datetime.date(2026, 3, 19), "Réunion reportée")
    assert not meeting.participants.exists()


def test_a_coordinator_edits_a_decision(coordination, small_plan):
    group = WorkingGroup.objects.create(plan=small_plan.plan, number=1, title="Groupe")
    meeting = Meeting.objects.create(group=group, held_on=datetime.date(2026, 3, 12), title="Réunion")
    decision = Decision.objects.create(meeting=meeting, number=1, text="Première rédaction")
    data = {"number": "1", "text": "Rédaction corrigée", "fiches": [small_plan.parent.pk]}
    response = coordination.post(reverse("plan:decision-edit", args=[decision.pk]), data)
    assert response.url == reverse("plan:meeting", args=[meeting.pk])
    decision.refresh_from_db()
    assert decision.text == "Rédaction corrigée"
    assert list(decision.fiches.all()) == [small_plan.parent]


def test_a_coordinator_edits_an_indicator_definition(coordination, small_plan):
    indicator = Indicator.objects.create(plan=small_plan.plan, title="Indicateur")
    data = {"title": "Indicateur précisé", "unit": "%", "baseline": "10", "frequency": "quarterly", "position": "1"}
    coordination.post(reverse("plan:indicator-edit", args=[indicator.pk]), data)
    indicator.refresh_from_db()
    assert (indicator.title, indicator.unit, indicator.get_frequency_display()) == (
        "Indicateur précisé",
        "%",
        "trimestrielle",
    )


def test_the_key_of_an_existing_extra_field_does_not_change(coordination, small_plan):
    template = FicheTemplate.objects.create(name="Modèle fictif", department_id="01")
    small_plan.plan.template = template
    small_plan.plan.save()
    field = TemplateField.objects.create(template=template, key="public", label="Public")
    small_plan.alone.extra_values = {"public": "Jeunes"}
    small_plan.alone.save()
    data = {
        "champs-TOTAL_FORMS": "1",
        "champs-INITIAL_FORMS": "1",
        "champs-0-id": field.pk,
        "champs-0-template": template.pk,
        "champs-0-label": "Public visé en priorité",
        "champs-0-key": "autre-cle",
        "champs-0-kind": "text",
        "champs-0-position": "0",
    }
    response = coordination.post(reverse("plan:template-edit", args=[small_plan.plan.pk]), data)
    assert response.status_code == 302
    field.refresh_from_db()
    assert (field.key, field.label) == ("public", "Public visé en priorité")
    assert small_plan.alone.extra_items() == [("Public visé en priorité", "Jeunes")]


def test_the_dashboard_links_a_coordinator_to_every_editing_page(coordination, small_plan):
    group = WorkingGroup.objects.create(plan=small_plan.plan, number=1, title="Groupe")
    page = coordination.get(reverse("plan:dashboard", args=[small_plan.plan.pk])).content.decode()
    for url in [
        reverse("plan:plan-edit", args=[small_plan.plan.pk]),
        reverse("plan:template-edit", args=[small_plan.plan.pk]),
        reverse("plan:axis-create", args=[small_plan.plan.pk]),
        reverse("plan:axis-edit", args=[small_plan.action.axis_id]),
        reverse("plan:action-create", args=[small_plan.action.axis_id]),
        reverse("plan:action-edit", args=[small_plan.action.pk]),
        reverse("plan:fiche-create", args=[small_plan.action.pk]),
        reverse("plan:indicator-create", args=[small_plan.plan.pk]),
        reverse("plan:group-create", args=[small_plan.plan.pk]),
        reverse("plan:group-edit", args=[group.pk]),
        reverse("plan:meeting-create", args=[group.pk]),
    ]:
        assert url in page, url
