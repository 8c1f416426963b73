"""Visit requests' deadlines: the operator is reminded once past the answer delay, the coordination told once a
full delay after; a proposed date left unanswered reminds the requester; every run after the first sends nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from allervers.jobs.duties import BY_NAME
from allervers.mailing.models import OutgoingEmail
from allervers.network.models import VisitEvent, VisitRequest
from allervers.network.request_enums import VisitAction
from allervers.network.request_services import purge_requests, run_deadlines
from tests.factories import coordinator
from tests.network.test_requests import Parties, future, make_parties, new_request

DAY = datetime.timedelta(days=1)


@pytest.fixture
def parties(db) -> Parties:
    return make_parties()


def mails(address: str) -> int:
    return OutgoingEmail.objects.filter(recipient=address).count()


def test_nothing_happens_before_the_deadline(parties):
    new_request(parties)
    report = run_deadlines(timezone.now() + 9 * DAY)
    assert report.reminded == [] and report.escalated == []


def test_the_operator_is_reminded_once_then_the_coordination_once(parties):
    watcher = coordinator(zone_codes=["01"], email="coordination@example.org")
    visit = new_request(parties)
    before = mails("exploitant@example.org")
    later = timezone.now() + 11 * DAY
    assert run_deadlines(later).reminded == [visit.reference]
    assert run_deadlines(later).reminded == []  # idempotent
    assert run_deadlines(later + DAY).reminded == []
    assert mails("exploitant@example.org") == before + 1
    assert (
        "attend votre réponse"
        in OutgoingEmail.objects.filter(recipient="bus-demandes@example.org").order_by("pk").last().body
    )
    assert run_deadlines(later + 5 * DAY).escalated == []  # a full delay after the reminder only
    assert run_deadlines(later + 11 * DAY).escalated == [visit.reference]
    assert run_deadlines(later + 12 * DAY).escalated == []
    assert mails(watcher.email) == 1
    actions = list(VisitRequest.objects.get(pk=visit.pk).events.values_list("action", flat=True))
    assert actions == [VisitAction.SENT, VisitAction.REMINDED, VisitAction.ESCALATED]


def test_an_answered_request_is_not_reminded(parties):
    visit = new_request(parties)
    visit.decline(by=parties.operator_user, reason="Complet.")
    assert run_deadlines(timezone.now() + 30 * DAY).reminded == []


def test_a_proposed_date_left_unanswered_reminds_the_requester(parties):
    visit = new_request(parties)
    run_deadlines(timezone.now() + 11 * DAY)  # the operator's reminder
    visit.propose(by=parties.operator_user, day=future(40), start=datetime.time(9), end=datetime.time(12), reason="")
    before = mails("animatrice@example.org")
    assert run_deadlines(timezone.now() + 5 * DAY).reminded == []  # a new delay from the proposal
    assert run_deadlines(timezone.now() + 11 * DAY).reminded == [visit.reference]
    assert run_deadlines(timezone.now() + 11 * DAY).reminded == []
    assert mails("animatrice@example.org") == before + 1
    # The coordination is told of an operator's silence only, not of a requester's.
    assert run_deadlines(timezone.now() + 40 * DAY).escalated == []


def test_the_hourly_duty_runs_the_deadlines(parties):
    new_request(parties)
    assert BY_NAME["passages-delais"].action().startswith("0 relance(s) de demande de passage")


def test_finished_requests_are_erased_with_their_log_after_the_retention(parties):
    declined = new_request(parties)
    declined.decline(by=parties.operator_user, reason="Pas de passage possible ce trimestre.")
    waiting = new_request(parties)
    later = timezone.now() + 25 * 31 * DAY

    assert purge_requests(timezone.now()) == 0
    assert purge_requests(later) == 1
    assert not VisitRequest.objects.filter(pk=declined.pk).exists()
    assert not VisitEvent.objects.filter(request_id=declined.pk).exists()
    # A request still waiting for its answer is kept, whatever its age; a second run finds nothing left.
    assert VisitRequest.objects.filter(pk=waiting.pk).exists()
    assert purge_requests(later) == 0
    assert "effacée" in BY_NAME["passages-purge"].action()
