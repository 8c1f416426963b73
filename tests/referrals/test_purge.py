import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from allervers.referrals import stats
from allervers.referrals.enums import AccessAction, ReferralStatus
from allervers.referrals.models import AccessLog, Referral, ReferralMessage
from allervers.referrals.services import post_message
from tests.referrals.conftest import SYNTHETIC_NAME

pytestmark = pytest.mark.django_db


def purge(**options):
    out = io.StringIO()
    call_command("purge", stdout=out, **options)
    return out.getvalue()


def closed_long_ago(parties, months):
    referral = parties.referral()
    referral.accept(by=parties.receiver)
    referral.close(by=parties.receiver, outcome="supported")
    finished = timezone.now() - datetime.timedelta(days=round(months * 30.44) + 1)
    Referral.objects.filter(pk=referral.pk).update(finished_at=finished)
    post_message(referral, by=parties.receiver, body=f"Vu {SYNTHETIC_NAME}", from_receiver=True, internal=False)
    return referral


def test_purge_erases_personal_fields_after_the_retention_delay_and_is_idempotent(parties):
    old = closed_long_ago(parties, 24)
    recent = closed_long_ago(parties, 12)
    still_open = parties.referral()
    output = purge()
    assert f"effacée : {old.reference}" in output and "1 mise(s) en relation effacée(s)" in output
    old.refresh_from_db()
    assert old.person_name == "" and old.summary == "" and old.commune is None and old.purged_at is not None
    assert old.epci_code and old.situation and old.status == ReferralStatus.CLOSED
    assert ReferralMessage.objects.get(referral=old).body == ""
    assert Referral.objects.get(pk=recent.pk).person_name == SYNTHETIC_NAME
    assert Referral.objects.get(pk=still_open.pk).person_name == SYNTHETIC_NAME
    assert AccessLog.objects.filter(referral=old, action=AccessAction.ERASE).count() == 1
    assert "0 mise(s) en relation effacée(s)" in purge()
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_name FROM referrals_referral WHERE id = %s", [old.pk])
        assert cursor.fetchone()[0] == ""


def test_the_retention_delay_comes_from_the_settings_or_the_option(parties, settings):
    referral = closed_long_ago(parties, 7)
    settings.ALLERVERS_REFERRAL_RETENTION_MONTHS = 6
    assert referral.reference in purge()
    other = closed_long_ago(parties, 4)
    assert other.reference in purge(months=3)


def test_statistics_still_count_a_purged_hand_over(parties):
    for _ in range(5):
        closed_long_ago(parties, 25)
    purge()
    report = stats.report(Referral.objects.all())
    assert report.total == 5
    assert [(row.label, row.count) for row in report.by_status] == [("clôturée", 5)]
