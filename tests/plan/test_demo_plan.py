"""The seed's plan: objective 2, three actions, nine fiches, the meeting of 2 December 2020 and its decisions."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from allervers.plan.models import Action, Decision, FicheAction, Meeting, Participant, Plan
from tests.factories import coordinator

pytestmark = pytest.mark.django_db

SEED_NAMES = ["ROESCH", "BENIER", "Jacquelin", "Duflot", "Méridja", "Dupuis", "Girard", "Tayek", "Giuliani", "Bouniot"]


@pytest.fixture
def demo_plan():
    call_command("load-demo", verbosity=0)
    call_command("load-plan-demo", verbosity=0)
    return Plan.objects.get()


def test_it_loads_objective_2_with_its_three_actions_and_nine_fiches(demo_plan):
    assert demo_plan.is_demo and demo_plan.period == "2021-2024"
    axis = demo_plan.axes.get()
    assert (axis.number, axis.title) == (2, "Dans une démarche d'aller vers")
    assert [a.code for a in Action.objects.filter(axis=axis)] == ["2.1", "2.2", "2.3"]
    assert FicheAction.objects.of_plan(demo_plan).count() == 9
    annuaire = FicheAction.objects.get(number="2.2.1")
    assert annuaire.title == "Mise en place d'un annuaire départemental : mise en relation des acteurs"
    assert annuaire.partners.filter(source="demo-ain", structure_type="ccas").count() == 12
    assert list(FicheAction.objects.get(number="2.1.3").pilots.values_list("source_id", flat=True)) == ["cidff-ain"]


def test_it_loads_the_meeting_by_structures_and_functions_only(demo_plan):
    meeting = Meeting.objects.get()
    assert meeting.held_on == datetime.date(2020, 12, 2)
    assert [p.function for p in meeting.chairs][0] == "Sous-préfète, directrice de cabinet"
    assert len(meeting.attendees) == 8
    assert Participant.objects.filter(structure__source_id="sauvegarde-01").count() == 2
    assert Decision.objects.filter(meeting=meeting).count() == 3
    assert Decision.objects.get(number=1).actions.count() == 3
    assert Decision.objects.get(number=2).fiches.count() == 9


def test_it_never_copies_a_persons_name_from_the_seed(demo_plan, client):
    client.force_login(coordinator())
    pages = [
        client.get(reverse("plan:meeting", args=[Meeting.objects.get().pk])).content.decode(),
        client.get(reverse("plan:dashboard", args=[demo_plan.pk])).content.decode(),
    ]
    for page in pages:
        for name in SEED_NAMES:
            assert name not in page


def test_running_it_twice_changes_nothing(demo_plan):
    call_command("load-plan-demo", verbosity=0)
    assert Plan.objects.count() == 1
    assert FicheAction.objects.count() == 9
    assert Participant.objects.count() == 10


def test_the_dashboard_draws_the_automatic_indicators_with_their_tables(
    demo_plan, client, django_assert_max_num_queries
):
    client.force_login(coordinator())
    with django_assert_max_num_queries(40):
        page = client.get(reverse("plan:dashboard", args=[demo_plan.pk])).content.decode()
    assert page.count("<svg") >= 3
    assert "Structures référencées dans l&#x27;annuaire, par EPCI" in page
    assert "<caption>Structures référencées dans l&#x27;annuaire, par EPCI</caption>" in page


def test_the_published_demo_plan_has_a_public_page(demo_plan, client):
    page = client.get(reverse("plan:public", args=[demo_plan.pk])).content.decode()
    assert "Sensibilisation de la société civile et formation des acteurs de terrain" in page
