"""The outbox: an e-mail exists only if its action committed, waits for the worker, is retried with a growing delay,
gives up after the last attempt, and records its error without any personal data."""

import smtplib

import pytest
from django.core import mail
from django.db import transaction
from huey import RedisHuey
from huey.contrib.djhuey import HUEY

from allervers.mailing.delivery import describe
from allervers.mailing.enums import EmailStatus
from allervers.mailing.models import OutgoingEmail
from allervers.mailing.services import deliver, queue_email, requeue_overdue
from allervers.mailing.tasks import send_email
from tests.mailing.outbox import deliver_queued
from tests.mailing.servers import free_port

pytestmark = pytest.mark.django_db

TEMPLATE = "backoffice/emails/invitation"


def queue(to=("gamma@example.org",)):
    context = {"invitation": {"structure": {"name": "Association fictive"}}, "url": "http://127.0.0.1:8000/x/"}
    return queue_email(to=list(to), template=TEMPLATE, context=context)


class RefusingBackend:
    """A mail backend whose server answers 451 to the recipient: what smtplib raises then."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (451, b"4.3.0 gamma@example.org try later")})


@pytest.fixture(autouse=True)
def _empty_queue():
    HUEY.flush()


def test_an_action_rolled_back_leaves_no_e_mail(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the action failed")
    assert not OutgoingEmail.objects.exists() and callbacks == [] and HUEY.pending_count() == 0


def test_a_committed_action_hands_its_e_mail_to_the_worker_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue(to=["b@example.org", "a@example.org", "a@example.org"])
        assert HUEY.pending_count() == 0  # not before the commit
    assert HUEY.pending_count() == 2
    assert sorted(OutgoingEmail.objects.values_list("recipient", flat=True)) == ["a@example.org", "b@example.org"]
    assert mail.outbox == []  # the request sends nothing itself
    assert deliver_queued() == 2 and len(mail.outbox) == 2


def test_the_subject_and_body_are_rendered_when_queued():
    (email,) = queue()
    assert email.subject and "\n" not in email.subject and "http://127.0.0.1:8000/x/" in email.body
    assert email.status == EmailStatus.QUEUED and email.attempts == 0


def test_a_refused_delivery_is_retried_later_with_a_doubling_delay(settings):
    settings.EMAIL_BACKEND = "tests.mailing.test_outbox.RefusingBackend"
    settings.ALLERVERS_EMAIL_RETRY_SECONDS = 60.0
    (email,) = queue()
    assert deliver(email.pk) == "retry"
    email.refresh_from_db()
    first = email.next_attempt_at - email.last_attempt_at
    assert email.status == EmailStatus.QUEUED and email.attempts == 1 and 59 <= first.total_seconds() <= 61
    # The error names the exception and the SMTP code, never the server's text (which repeats the address).
    assert email.last_error == "SMTPRecipientsRefused 451" and "gamma" not in email.last_error
    (retry,) = HUEY.pending()
    assert retry.args == (email.pk,) and retry.eta is not None  # the worker holds it until its time
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.last_attempt_at)
    assert deliver(email.pk) == "retry"
    email.refresh_from_db()
    assert 119 <= (email.next_attempt_at - email.last_attempt_at).total_seconds() <= 121


def test_it_gives_up_after_the_last_attempt(settings):
    settings.EMAIL_BACKEND = "tests.mailing.test_outbox.RefusingBackend"
    settings.ALLERVERS_EMAIL_MAX_ATTEMPTS = 2
    (email,) = queue()
    deliver(email.pk)
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at)
    assert deliver(email.pk) == "failed"
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED and email.attempts == 2
    assert list(OutgoingEmail.objects.failed()) == [email]


def test_a_delivery_not_yet_due_or_already_sent_is_not_sent_again():
    (email,) = queue()
    assert deliver(email.pk) == "sent" and deliver(email.pk) == "skipped"
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.sent_at is not None
    assert email.body == "" and email.subject  # the links it carried are not kept once delivered


def test_queued_e_mails_whose_task_was_lost_are_handed_again_to_the_worker():
    (email,) = queue()
    HUEY.flush()  # the queue restarted empty
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at.replace(year=2020))
    assert requeue_overdue() == 1 and HUEY.pending_count() == 1
    task = HUEY.dequeue()
    # The task's own function (HUEY.execute would close the test's connection, as a worker does between tasks).
    assert task.name == "mailing.send_email" and send_email.call_local(*task.args) == "sent"
    assert len(mail.outbox) == 1


def test_with_the_queue_out_of_reach_the_action_commits_and_its_e_mail_waits(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    # A real Redis client, with short timeouts, towards a port where nothing listens.
    away = RedisHuey(HUEY.name, url=f"redis://127.0.0.1:{free_port()}/5?socket_connect_timeout=1&socket_timeout=1")
    monkeypatch.setattr(HUEY, "storage", away.storage)
    with django_capture_on_commit_callbacks(execute=True):
        (email,) = queue()
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED and "ConnectionError" in caplog.text and "gamma" not in caplog.text
    monkeypatch.undo()  # the queue is back: the outbox duty hands the e-mail over
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at.replace(year=2020))
    assert requeue_overdue() == 1 and deliver_queued() == 1 and len(mail.outbox) == 1


def test_the_recipient_is_masked_for_the_coordinators():
    (email,) = queue(to=["jeanne.martin@exemple.fr"])
    assert email.masked_recipient == "j***@exemple.fr"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (smtplib.SMTPDataError(451, b"try again"), "SMTPDataError 451"),
        (smtplib.SMTPSenderRefused(550, b"no", "x@example.org"), "SMTPSenderRefused 550"),
        (ConnectionRefusedError(111, "Connection refused"), "ConnectionRefusedError"),
    ],
)
def test_an_error_is_described_by_its_class_and_code(error, expected):
    assert describe(error) == expected


def test_a_plain_text_email_keeps_its_apostrophes(db):
    from allervers.mailing.models import OutgoingEmail as Email

    queue_email(
        to=["ccas@example.org"],
        template="directory/emails/reminder",
        context={"items": [("Accueil d'urgence", "CCAS d'Oyonnax", "http://127.0.0.1:8000/espace/services/1/")]},
    )
    body = Email.objects.get().body
    assert "CCAS d'Oyonnax" in body and "&#x27;" not in body
