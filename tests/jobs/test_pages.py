"""The coordinators' pages: failed deliveries (masked recipients, sent again on request) and the duties' runs."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from allervers.jobs.models import DutyRun
from allervers.mailing.enums import EmailStatus
from allervers.mailing.models import OutgoingEmail
from tests.factories import StructureFactory, coordinator, member
from tests.mailing.outbox import deliver_queued

pytestmark = pytest.mark.django_db

FAILED = reverse("jobs:failed-emails")
DUTIES = reverse("jobs:duty-runs")


def failed_email(**fields):
    values = {
        "recipient": "jeanne.martin@exemple.fr",
        "template": "backoffice/emails/invitation",
        "subject": "Invitation",
        "body": "Lien",
        "status": EmailStatus.FAILED,
        "attempts": 8,
        "last_error": "SMTPRecipientsRefused 451",
    }
    values.update(fields)
    return OutgoingEmail.objects.create(**values)


def test_a_coordinator_sees_failed_deliveries_with_masked_recipients(client, django_assert_max_num_queries):
    for _ in range(3):
        failed_email()
    failed_email(status=EmailStatus.SENT, recipient="deja-parti@exemple.fr")
    client.force_login(coordinator(zone_codes=["01"]))
    with django_assert_max_num_queries(12):
        page = client.get(FAILED).content.decode()
    assert page.count("j***@exemple.fr") == 3 and "jeanne.martin" not in page and "d***@exemple.fr" not in page
    assert "SMTPRecipientsRefused 451" in page and "backoffice/emails/invitation" in page


def test_a_coordinator_sends_a_failed_delivery_again(client, django_capture_on_commit_callbacks):
    HUEY.flush()
    email = failed_email()
    client.force_login(coordinator(zone_codes=["01"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:retry-email", args=[email.pk]), follow=True)
    assert "de nouveau en file" in response.content.decode()
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED and email.attempts == 0 and HUEY.pending_count() == 1
    assert deliver_queued() == 1 and mail.outbox[0].to == ["jeanne.martin@exemple.fr"]


def test_sending_again_is_a_post_and_only_for_failed_deliveries(client):
    sent = failed_email(status=EmailStatus.SENT)
    client.force_login(coordinator(zone_codes=["01"]))
    assert client.get(reverse("jobs:retry-email", args=[sent.pk])).status_code == 405
    assert client.post(reverse("jobs:retry-email", args=[sent.pk])).status_code == 404


def test_members_who_are_not_coordinators_are_refused(client):
    email = failed_email()
    client.force_login(member(StructureFactory()))
    assert client.get(FAILED).status_code == 403
    assert client.get(DUTIES).status_code == 403
    assert client.post(reverse("jobs:retry-email", args=[email.pk])).status_code == 403
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED


def test_the_duties_page_shows_each_last_run_its_result_and_the_next_run(client):
    now = timezone.now()
    DutyRun.objects.create(
        duty="reminders",
        slot=now,
        started_at=now - datetime.timedelta(minutes=2),
        finished_at=now,
        result="3 première(s) relance(s)",
    )
    DutyRun.objects.create(duty="purge", slot=now, started_at=now, finished_at=now, error="OperationalError")
    client.force_login(coordinator(zone_codes=["01"]))
    page = client.get(DUTIES).content.decode()
    assert "Relances de mise à jour des fiches" in page and "3 première(s) relance(s)" in page
    assert "échec : OperationalError" in page and "jamais" in page  # the duties that never ran
    next_reminders = timezone.localtime(duties_next("reminders"))
    assert next_reminders.strftime("%d/%m/%Y %H:%M") in page


def duties_next(name):
    from allervers.jobs.duties import BY_NAME

    return BY_NAME[name].next_slot()
