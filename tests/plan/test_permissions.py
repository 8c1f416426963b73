"""Coordinators edit the plan, a fiche's pilots edit their fiche, partners read and get a 403 when they try to
edit; for anyone else the plan does not exist (a 404, as for an id that was never given)."""

import pytest
from django.urls import reverse

from allervers.plan.enums import PlanStatus
from tests.factories import StructureFactory, UserFactory, commune, coordinator, member

pytestmark = pytest.mark.django_db


def read_urls(p):
    return [
        reverse("plan:dashboard", args=[p.plan.pk]),
        reverse("plan:fiche", args=[p.alone.pk]),
        reverse("plan:xlsx", args=[p.plan.pk]),
    ]


def test_a_coordinator_of_the_department_edits_every_fiche(client, small_plan):
    client.force_login(coordinator(("01",)))
    for url in read_urls(small_plan):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("plan:fiche-edit", args=[small_plan.parent.pk])).status_code == 200
    assert client.get(reverse("plan:import", args=[small_plan.plan.pk])).status_code == 200


def test_a_pilot_edits_its_fiche_but_no_other(client, small_plan):
    client.force_login(member(small_plan.pilot))
    for url in read_urls(small_plan):
        assert client.get(url).status_code == 200, url
    response = client.get(reverse("plan:fiche-edit", args=[small_plan.alone.pk]))
    assert response.status_code == 200
    assert "pilots" not in response.context["form"].fields  # who pilots is the coordination's call
    assert client.get(reverse("plan:fiche-edit", args=[small_plan.parent.pk])).status_code == 403
    assert client.get(reverse("plan:import", args=[small_plan.plan.pk])).status_code == 403


def test_a_pilot_saves_its_fiche(client, small_plan):
    client.force_login(member(small_plan.pilot))
    data = {
        "title": "Fiche seule, précisée",
        "priority": "high",
        "etapes-TOTAL_FORMS": "1",
        "etapes-INITIAL_FORMS": "0",
        "etapes-0-title": "Première réunion",
        "etapes-0-due_date": "2025-05-01",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-year": "2025",
        "budget-0-funding_source": "fipd",
        "budget-0-planned": "1500",
    }
    response = client.post(reverse("plan:fiche-edit", args=[small_plan.alone.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    small_plan.alone.refresh_from_db()
    assert small_plan.alone.title == "Fiche seule, précisée"
    assert small_plan.alone.steps.get().title == "Première réunion"
    assert small_plan.alone.budget_lines.get().get_funding_source_display().startswith("FIPD")


def test_a_partner_reads_but_does_not_edit(client, small_plan):
    client.force_login(member(small_plan.partner))
    for url in read_urls(small_plan):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("plan:fiche-edit", args=[small_plan.alone.pk])).status_code == 403
    response = client.post(reverse("plan:fiche-transition", args=[small_plan.alone.pk, "start"]))
    assert response.status_code == 403


def test_a_professional_outside_the_plan_gets_a_404(client, small_plan):
    client.force_login(member(StructureFactory(commune=commune("01283"))))
    for url in read_urls(small_plan):
        assert client.get(url).status_code == 404, url


def test_a_coordinator_of_another_department_gets_a_404(client, small_plan):
    client.force_login(coordinator(("69",)))
    assert client.get(reverse("plan:dashboard", args=[small_plan.plan.pk])).status_code == 404
    assert client.get(reverse("plan:fiche-edit", args=[small_plan.alone.pk])).status_code == 404


def test_a_user_without_any_role_gets_a_404(client, small_plan):
    client.force_login(UserFactory())
    assert client.get(reverse("plan:dashboard", args=[small_plan.plan.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, small_plan):
    response = client.get(reverse("plan:dashboard", args=[small_plan.plan.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_public_page_shows_a_published_plan_only(client, small_plan):
    url = reverse("plan:public", args=[small_plan.plan.pk])
    assert client.get(url).status_code == 404
    small_plan.plan.publish()
    assert small_plan.plan.status == PlanStatus.PUBLISHED
    page = client.get(url).content.decode()
    assert "Fiche seule" in page
    assert "Budget" not in page
