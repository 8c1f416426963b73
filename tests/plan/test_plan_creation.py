"""A coordinator builds a plan from nothing: the plan, its axes, actions, fiches and sub-actions, indicators and
the fiche template's own fields."""

import pytest
from django.urls import reverse

from allervers.plan.enums import FieldKind, PlanStatus
from allervers.plan.models import Action, Axis, FicheAction, Indicator, Plan
from tests.factories import coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordination(client):
    client.force_login(coordinator(("01",)))
    return client


def test_a_coordinator_creates_a_plan_in_preparation(coordination):
    data = {"title": "Plan fictif", "department": "01", "start_year": "2026", "end_year": "2028", "owner": ""}
    response = coordination.post(reverse("plan:plan-create"), data)
    plan = Plan.objects.get(title="Plan fictif")
    assert response.url == reverse("plan:dashboard", args=[plan.pk])
    assert plan.status == PlanStatus.DRAFT
    assert plan.period == "2026-2028"


def test_the_plan_form_offers_only_the_departments_of_the_coordinators_scope(coordination):
    data = {"title": "Plan fictif", "department": "69", "start_year": "2026", "end_year": "2028"}
    response = coordination.post(reverse("plan:plan-create"), data)
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert not Plan.objects.filter(title="Plan fictif").exists()


def test_the_plan_list_offers_to_create_a_plan_to_a_coordinator(coordination):
    page = coordination.get(reverse("plan:list")).content.decode()
    assert reverse("plan:plan-create") in page


def test_a_coordinator_adds_an_axis_then_an_action(coordination, small_plan):
    coordination.post(reverse("plan:axis-create", args=[small_plan.plan.pk]), {"number": "2", "title": "Prévenir"})
    axis = Axis.objects.get(plan=small_plan.plan, number=2)
    response = coordination.post(reverse("plan:action-create", args=[axis.pk]), {"number": "1", "title": "Repérer"})
    assert response.url == reverse("plan:dashboard", args=[small_plan.plan.pk])
    assert Action.objects.get(axis=axis).code == "2.1"


def test_a_second_axis_with_the_same_number_is_refused(coordination, small_plan):
    response = coordination.post(
        reverse("plan:axis-create", args=[small_plan.plan.pk]), {"number": "1", "title": "Doublon"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == ["Ce numéro est déjà pris."]
    assert small_plan.plan.axes.count() == 1


def test_a_coordinator_creates_a_fiche_with_its_pilot(coordination, small_plan):
    data = {
        "number": "1.1.3",
        "title": "Nouvelle fiche",
        "priority": "high",
        "weight": "1",
        "pilots": [small_plan.pilot.pk],
    }
    response = coordination.post(reverse("plan:fiche-create", args=[small_plan.action.pk]), data)
    fiche = FicheAction.objects.get(number="1.1.3")
    assert response.url == reverse("plan:fiche", args=[fiche.pk])
    assert list(fiche.pilots.all()) == [small_plan.pilot]


def test_a_fiche_number_already_taken_in_the_action_is_refused(coordination, small_plan):
    data = {"number": "1.1.2", "title": "Doublon", "priority": "medium", "weight": "1"}
    response = coordination.post(reverse("plan:fiche-create", args=[small_plan.action.pk]), data)
    assert response.context["form"].errors["number"] == ["Ce numéro est déjà pris."]


def test_the_sub_action_link_proposes_the_parent_fiche(coordination, small_plan):
    url = reverse("plan:fiche-create", args=[small_plan.action.pk]) + f"?parent={small_plan.parent.pk}"
    assert coordination.get(url).context["form"]["parent"].value() == str(small_plan.parent.pk)
    detail = coordination.get(reverse("plan:fiche", args=[small_plan.parent.pk])).content.decode()
    assert f"?parent={small_plan.parent.pk}" in detail


def test_a_coordinator_creates_a_sub_action(coordination, small_plan):
    data = {
        "number": "1.1.1.3",
        "title": "Sous-action C",
        "priority": "low",
        "weight": "2",
        "parent": small_plan.parent.pk,
    }
    coordination.post(reverse("plan:fiche-create", args=[small_plan.action.pk]), data)
    assert small_plan.parent.children.get(number="1.1.1.3").weight == 2


def test_a_coordinator_defines_an_indicator(coordination, small_plan):
    data = {
        "title": "Communes couvertes",
        "fiche": small_plan.alone.pk,
        "unit": "communes",
        "target": "40",
        "frequency": "yearly",
        "automatic_source": "",
        "position": "0",
    }
    coordination.post(reverse("plan:indicator-create", args=[small_plan.plan.pk]), data)
    indicator = Indicator.objects.get(plan=small_plan.plan)
    assert (indicator.title, indicator.fiche, indicator.is_automatic) == ("Communes couvertes", small_plan.alone, False)


def template_rows(*rows):
    data = {"champs-TOTAL_FORMS": str(len(rows)), "champs-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"champs-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_first_extra_field_creates_the_plans_template(coordination, small_plan):
    row = {
        "label": "Public prioritaire",
        "key": "public-prioritaire",
        "kind": FieldKind.CHOICE,
        "choices": "Jeunes\nAînés",
        "position": "0",
    }
    response = coordination.post(reverse("plan:template-edit", args=[small_plan.plan.pk]), template_rows(row))
    assert response.status_code == 302
    small_plan.plan.refresh_from_db()
    assert [f.choice_list for f in small_plan.plan.template.fields.all()] == [["Jeunes", "Aînés"]]
    edit = coordination.get(reverse("plan:fiche-edit", args=[small_plan.alone.pk]))
    assert "extra__public-prioritaire" in edit.context["form"].fields


def test_a_choice_field_without_choices_is_refused(coordination, small_plan):
    row = {"label": "Public", "key": "public", "kind": FieldKind.CHOICE, "choices": "", "position": "0"}
    response = coordination.post(reverse("plan:template-edit", args=[small_plan.plan.pk]), template_rows(row))
    assert response.status_code == 200
    small_plan.plan.refresh_from_db()
    assert small_plan.plan.template is None
