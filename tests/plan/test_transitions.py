import pytest

from allervers.common.exceptions import TransitionError
from allervers.plan.enums import FicheStatus
from allervers.plan.models import FicheAction

pytestmark = pytest.mark.django_db


def test_it_starts_then_completes_a_fiche(small_plan):
    fiche = small_plan.alone
    fiche.start()
    fiche.complete()
    assert FicheAction.objects.get(pk=fiche.pk).status == FicheStatus.DONE


def test_it_refuses_to_complete_a_fiche_that_never_started(small_plan):
    with pytest.raises(TransitionError, match="en cours ou en retard"):
        small_plan.alone.complete()
    assert FicheAction.objects.get(pk=small_plan.alone.pk).status == FicheStatus.PLANNED


def test_blocking_records_the_reason_as_a_follow_up_note(small_plan):
    fiche = small_plan.alone
    fiche.block(reason="convention non signée", author="Coordinatrice CISPD")
    assert fiche.status == FicheStatus.BLOCKED
    note = fiche.notes.get()
    assert "convention non signée" in note.text
    assert note.author == "Coordinatrice CISPD"


def test_a_done_fiche_cannot_be_abandoned_but_can_be_reopened(small_plan):
    fiche = small_plan.alone
    fiche.start()
    fiche.complete()
    with pytest.raises(TransitionError):
        fiche.abandon(reason="x")
    fiche.reopen()
    assert fiche.status == FicheStatus.IN_PROGRESS


def test_a_transition_saves_only_the_status(small_plan):
    fiche = small_plan.alone
    FicheAction.objects.filter(pk=fiche.pk).update(title="Titre changé ailleurs")
    fiche.start()
    fiche.refresh_from_db()
    assert fiche.title == "Titre changé ailleurs"
    assert fiche.status == FicheStatus.IN_PROGRESS


def test_a_fiche_past_its_end_date_counts_as_late(small_plan):
    import datetime

    fiche = small_plan.alone
    fiche.end_date = datetime.date(2025, 1, 31)
    fiche.save()
    late = FicheAction.objects.of_plan(small_plan.plan).late(datetime.date(2025, 2, 1))
    assert list(late) == [fiche]
    assert fiche.is_late(datetime.date(2025, 2, 1))
    fiche.mark_late()
    assert fiche.status == FicheStatus.LATE


def test_the_view_changes_the_status_and_requires_a_reason_to_block(client, small_plan):
    from django.urls import reverse

    from tests.factories import coordinator

    client.force_login(coordinator())
    url = reverse("plan:fiche-transition", args=[small_plan.alone.pk, "block"])
    client.post(url, {"reason": ""})
    assert FicheAction.objects.get(pk=small_plan.alone.pk).status == FicheStatus.PLANNED
    client.post(url, {"reason": "pas de local"})
    assert FicheAction.objects.get(pk=small_plan.alone.pk).status == FicheStatus.BLOCKED
