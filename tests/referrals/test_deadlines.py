import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from allervers.referrals.enums import ReferralStatus
from tests.mailing.outbox import deliver_queued
from tests.referrals.conftest import SYNTHETIC_NAME

pytestmark = pytest.mark.django_db


def remind():
    """The command, then the worker's delivery of what it queued."""
    out = io.StringIO()
    call_command("referrals-remind", stdout=out)
    deliver_queued()
    return out.getvalue()


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def assert_no_personal_data(messages):
    for message in messages:
        for text in (message.subject, message.body):
            assert "Fictivelle" not in text and SYNTHETIC_NAME not in text and "conjugales" not in text


def test_an_urgent_hand_over_unacknowledged_after_24_hours_is_reminded_once(parties):
    late = parties.referral(urgency="urgent", created_at=ago(hours=25))
    parties.referral(urgency="normal", created_at=ago(hours=25))  # a normal one has 7 days
    assert "1 relancée(s) : " + late.reference in remind()
    # One e-mail per recipient: neither sees the other's address, and one refused address delays no one else.
    assert [m.to for m in mail.outbox] == [["accueil@example.org"], ["direction@example.org"]]
    assert late.reference in mail.outbox[0].subject
    assert_no_personal_data(mail.outbox)
    assert "0 relancée(s)" in remind() and len(mail.outbox) == 2


def test_a_reminder_without_effect_goes_to_the_coordinator_in_scope(parties):
    referral = parties.referral(urgency="normal", created_at=ago(days=15))
    referral.__class__.objects.filter(pk=referral.pk).update(reminded_at=ago(days=8))
    output = remind()
    assert "1 signalée(s) à la coordination" in output
    assert mail.outbox[0].to == ["coord-ain@example.org"]
    assert_no_personal_data(mail.outbox)
    assert "0 signalée(s)" in remind()


def test_after_30_days_without_answer_it_expires_and_the_sender_is_told(parties):
    referral = parties.referral(created_at=ago(days=31))
    parties.referral(created_at=ago(days=31), status=ReferralStatus.ACCEPTED)
    assert "1 expirée(s) : " + referral.reference in remind()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.EXPIRED and referral.finished_at is not None
    assert mail.outbox[0].to == ["envoyeur@example.org"] and "expirée" in mail.outbox[0].subject
    assert_no_personal_data(mail.outbox)


def test_an_acknowledged_hand_over_is_not_reminded(parties):
    referral = parties.referral(urgency="urgent", created_at=ago(hours=30))
    referral.acknowledge(by=parties.receiver)
    assert "0 relancée(s)" in remind() and not mail.outbox
