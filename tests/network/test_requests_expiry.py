"""A visit request the operator never answers is closed « sans réponse » NETWORK_REQUEST_EXPIRY_DAYS after sending
(30 by default, after the reminder and the coordination's alert): the requester is told by an e-mail that carries
only the reference, the status and a link; the log says the platform closed it; it is then purged like the other
finished requests. An answer given before wins, and a second run closes nothing more."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.jobs.duties import BY_NAME
from allervers.mailing.models import OutgoingEmail
from allervers.network.models import VisitEvent, VisitRequest
from allervers.network.request_enums import VisitAction, VisitStatus
from allervers.network.request_services import purge_requests, run_deadlines
from tests.factories import coordinator
from tests.network.test_requests import Parties, future, make_parties, new_request

DAY = datetime.timedelta(days=1)


@pytest.fixture
def parties(db) -> Parties:
    return make_parties()


def test_a_request_left_unanswered_is_closed_after_the_delay_and_the_requester_told(client, parties):
    coordinator(zone_codes=["01"], email="coordination@example.org")
    visit = new_request(parties)
    start = timezone.now()
    for days in (11, 22):  # the reminder, then the coordination's alert
        run_deadlines(start + days * DAY)
    assert run_deadlines(start + 29 * DAY).expired == []
    report = run_deadlines(start + 31 * DAY)
    assert report.expired == [visit.reference]
    assert run_deadlines(start + 32 * DAY).expired == []  # idempotent
    visit.refresh_from_db()
    assert visit.status == VisitStatus.EXPIRED and not visit.is_open
    actions = list(visit.events.values_list("action", "actor_label"))
    assert actions[-1] == (VisitAction.EXPIRED, "la plateforme")
    assert [action for action, _ in actions] == [
        VisitAction.SENT,
        VisitAction.REMINDED,
        VisitAction.ESCALATED,
        VisitAction.EXPIRED,
    ]
    (mail,) = OutgoingEmail.objects.filter(template="network/requests/emails/expired")
    assert mail.recipient == "animatrice@example.org" and "close sans réponse" in mail.subject
    assert visit.reference in mail.body and "sans réponse" in mail.body
    assert reverse("network:request", args=[visit.reference]) in mail.body
    for private in ("Centre social fictif", "parking du centre social", "groupe du mardi", "Bus fictif", "femmes"):
        assert private not in mail.body and private not in mail.subject
    client.force_login(parties.requester_user)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "sans réponse" in page and "Annuler la demande" not in page


def test_an_answered_or_proposed_request_is_not_closed(parties):
    declined, proposed = new_request(parties), new_request(parties)
    declined.decline(by=parties.operator_user, reason="Complet.")
    proposed.propose(by=parties.operator_user, day=future(40), start=datetime.time(9), end=datetime.time(12), reason="")
    assert run_deadlines(timezone.now() + 60 * DAY).expired == []
    assert set(VisitRequest.objects.values_list("status", flat=True)) == {VisitStatus.DECLINED, VisitStatus.OTHER_DATE}


def test_an_answer_given_meanwhile_wins_over_the_closing(parties):
    visit = new_request(parties)
    stale = VisitRequest.objects.get(pk=visit.pk)
    visit.decline(by=parties.operator_user, reason="Complet.")
    with pytest.raises(TransitionError):
        stale.expire()
    assert VisitRequest.objects.get(pk=visit.pk).status == VisitStatus.DECLINED


@override_settings(NETWORK_REQUEST_EXPIRY_DAYS=45)
def test_the_delay_is_a_setting(parties):
    visit = new_request(parties)
    assert run_deadlines(timezone.now() + 31 * DAY).expired == []
    assert run_deadlines(timezone.now() + 46 * DAY).expired == [visit.reference]


def test_a_closed_request_is_purged_with_its_log_after_the_retention(parties):
    visit = new_request(parties)
    run_deadlines(timezone.now() + 31 * DAY)
    assert purge_requests(timezone.now() + 12 * 31 * DAY) == 0
    assert purge_requests(timezone.now() + 26 * 31 * DAY) == 1
    assert not VisitRequest.objects.filter(pk=visit.pk).exists()
    assert not VisitEvent.objects.filter(request_id=visit.pk).exists()


def test_the_hourly_duty_reports_the_closings(parties):
    assert "0 close(s) sans réponse" in BY_NAME["passages-delais"].action()


def test_the_privacy_page_states_the_delay(client, db):
    html = client.get("/confidentialite/").content.decode()
    assert "pas répondu 30 jours après son envoi est close « sans réponse »" in html
    assert "annulée ou close sans réponse" in html
