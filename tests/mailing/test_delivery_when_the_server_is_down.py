"""The issue's first "done when": with the mail server refusing, a coordinator's invitation and a hand-over are saved
and their pages answer at once; the worker retries; once the server accepts, each e-mail arrives exactly once.

Real services: aiosmtpd on a local port answers 451 to every recipient, then accepts; Huey's own consumer runs in
threads of this process, on the test settings' in-memory queue."""

import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from allervers.accounts.models import Invitation
from allervers.mailing.enums import EmailStatus
from allervers.mailing.models import OutgoingEmail
from allervers.referrals.models import Referral
from tests.factories import StructureFactory, coordinator, with_second_factor
from tests.mailing.servers import consumer, erase_access_log, smtp_server, wait_for
from tests.referrals.conftest import KEY, SYNTHETIC_NAME, Parties

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp(settings):
    with smtp_server() as (handler, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
        settings.ALLERVERS_EMAIL_RETRY_SECONDS = 1.0
        settings.ALLERVERS_EMAIL_MAX_ATTEMPTS = 20
        settings.ALLERVERS_REFERRAL_KEYS = [KEY]
        yield handler


@pytest.fixture
def hand_overs_erased(transactional_db):
    yield
    erase_access_log()


def hand_over_data(parties):
    return {
        "sender_structure": parties.sending.pk,
        "situation": "aide-aux-victimes--violences-conjugales",
        "urgency": "urgent",
        "legal_basis": "consent",
        "consent_method": "oral",
        "consent_given_on": timezone.localdate().isoformat(),
        "commune_text": "01300 Belley",
        "person_name": SYNTHETIC_NAME,
        "contact_safe": "06 00 00 00 01",
        "contact_times": "le matin",
        "contact_avoid": "ne pas appeler le fixe",
        "summary": "Souhaite être accompagnée pour déposer plainte.",
    }


def test_an_invitation_and_a_hand_over_wait_for_the_mail_server_and_arrive_once(client, smtp, hand_overs_erased):
    HUEY.flush()
    parties = Parties()
    structure = StructureFactory(name="Association fictive Gamma")
    client.force_login(coordinator(zone_codes=["01"], email="coord-gamma@example.org"))

    started = time.monotonic()
    invited = client.post(
        reverse("backoffice:invite-structure", args=[structure.pk]), {"email": "gamma@example.org", "role": "admin"}
    )
    client.logout()
    with_second_factor(client, parties.sender)
    sent = client.post(reverse("referrals:create") + f"?service={parties.service.pk}", hand_over_data(parties))
    elapsed = time.monotonic() - started

    # Saved, and answered without waiting for the mail server (no worker runs yet).
    assert invited.status_code == 302 and sent.status_code == 302
    assert Invitation.objects.filter(email="gamma@example.org").exists() and Referral.objects.count() == 1
    assert elapsed < 10  # two pages on a loaded test machine; neither waits for the mail server
    expected = {"gamma@example.org", "accueil@example.org", "direction@example.org"}
    assert set(OutgoingEmail.objects.values_list("recipient", flat=True)) == expected
    assert HUEY.pending_count() == 3

    # In-memory SQLite shares its tables between threads with table locks that do not wait: one worker thread there.
    with consumer(HUEY, workers=2 if connection.vendor == "postgresql" else 1):
        # The server refuses: every e-mail is tried, then tried again after a delay.
        assert wait_for(lambda: smtp.refused >= 6)
        smtp.refusing = False
        assert wait_for(lambda: len(smtp.received) >= 3)
        time.sleep(2.5)  # longer than a retry's delay: a duplicate would have arrived by now

    received = sorted(recipient for recipients, _ in smtp.received for recipient in recipients)
    assert received == sorted(expected)
    reference = Referral.objects.get().reference
    bodies = {recipients[0]: content for recipients, content in smtp.received}
    assert "/compte/invitation/" in bodies["gamma@example.org"]
    assert reference in bodies["accueil@example.org"] and SYNTHETIC_NAME not in bodies["accueil@example.org"]
    emails = OutgoingEmail.objects.all()
    assert {email.status for email in emails} == {EmailStatus.SENT}
    assert all(email.attempts >= 2 and email.last_error == "" for email in emails)
