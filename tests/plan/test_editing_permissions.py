"""Only a coordinator whose scope covers the plan's department builds the plan: a pilot edits its own fiche and
nothing else, a partner gets a 403, a professional outside the plan a 404 (the plan does not exist for them), an
anonymous visitor the login page."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from allervers.plan.models import Decision, Meeting, Plan, WorkingGroup
from tests.factories import StructureFactory, commune, coordinator, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def editing_urls(small_plan):
    group = WorkingGroup.objects.create(plan=small_plan.plan, number=1, title="Groupe")
    meeting = Meeting.objects.create(group=group, held_on=datetime.date(2026, 3, 12), title="Réunion")
    decision = Decision.objects.create(meeting=meeting, number=1, text="Décision")
    indicator = small_plan.plan.indicators.create(title="Indicateur")
    plan, axis, action = small_plan.plan.pk, small_plan.action.axis_id, small_plan.action.pk
    return [
        reverse("plan:plan-edit", args=[plan]),
        reverse("plan:template-edit", args=[plan]),
        reverse("plan:axis-create", args=[plan]),
        reverse("plan:axis-edit", args=[axis]),
        reverse("plan:action-create", args=[axis]),
        reverse("plan:action-edit", args=[action]),
        reverse("plan:fiche-create", args=[action]),
        reverse("plan:indicator-create", args=[plan]),
        reverse("plan:indicator-edit", args=[indicator.pk]),
        reverse("plan:group-create", args=[plan]),
        reverse("plan:group-edit", args=[group.pk]),
        reverse("plan:meeting-create", args=[group.pk]),
        reverse("plan:meeting-edit", args=[meeting.pk]),
        reverse("plan:decision-create", args=[meeting.pk]),
        reverse("plan:decision-edit", args=[decision.pk]),
    ]


def assert_refused(client, urls, status=403):
    for url in urls:
        assert client.get(url).status_code == status, url
        assert client.post(url, {"title": "Tentative", "number": "9"}).status_code == status, url


def test_a_coordinator_of_the_department_opens_every_editing_page(client, editing_urls):
    client.force_login(coordinator(("01",)))
    for url in editing_urls:
        assert client.get(url).status_code == 200, url


def test_a_pilot_edits_its_fiche_but_builds_nothing_else(client, small_plan, editing_urls):
    client.force_login(member(small_plan.pilot))
    assert client.get(reverse("plan:fiche-edit", args=[small_plan.alone.pk])).status_code == 200
    assert_refused(client, [*editing_urls, reverse("plan:plan-create")])
    page = client.get(reverse("plan:dashboard", args=[small_plan.plan.pk])).content.decode()
    assert reverse("plan:plan-edit", args=[small_plan.plan.pk]) not in page


def test_a_partner_is_refused_every_editing_page(client, small_plan, editing_urls):
    client.force_login(member(small_plan.partner))
    assert_refused(client, editing_urls)


def test_a_professional_outside_the_plan_is_told_it_does_not_exist(client, editing_urls):
    client.force_login(member(StructureFactory(commune=commune("01283"))))
    assert_refused(client, editing_urls, status=404)


def test_a_coordinator_of_another_department_is_told_it_does_not_exist(client, editing_urls):
    client.force_login(coordinator(("69",)))
    assert_refused(client, editing_urls, status=404)


def test_a_coordinator_of_one_commune_reads_the_plan_but_neither_edits_nor_creates_one(
    client, small_plan, editing_urls
):
    client.force_login(coordinator(("01053",)))
    assert client.get(reverse("plan:dashboard", args=[small_plan.plan.pk])).status_code == 200
    assert_refused(client, [*editing_urls, reverse("plan:plan-create")])
    assert reverse("plan:plan-create") not in client.get(reverse("plan:list")).content.decode()


def test_a_coordinator_cannot_move_a_plan_to_a_department_outside_its_scope(client, small_plan):
    client.force_login(coordinator(("01",)))
    data = {"title": "Plan", "department": "69", "start_year": "2025", "end_year": "2027"}
    client.post(reverse("plan:plan-edit", args=[small_plan.plan.pk]), data)
    assert Plan.objects.get(pk=small_plan.plan.pk).department_id == "01"


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, editing_urls):
    for url in [*editing_urls, reverse("plan:plan-create")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse(settings.LOGIN_URL)), url
