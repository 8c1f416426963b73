import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from allervers.accounts.recipients import AccountRecipients
from allervers.directory.enums import ListingStatus
from allervers.directory.freshness import run_reminders
from allervers.directory.tracking import Reminder
from tests.factories import ServiceFactory, coordinator, member
from tests.mailing.outbox import deliver_queued

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def age_reminders(days):
    Reminder.objects.update(sent_at=days_ago(days))


def test_a_listing_past_its_frequency_gets_one_reminder_however_often_the_command_runs():
    service = ServiceFactory(name="Service fictif", verified_at=days_ago(200))
    admin = member(service.structure, role="admin")
    member(service.structure, role="editor")
    ServiceFactory(verified_at=days_ago(10))  # fresh: nothing to say
    first = run_reminders(AccountRecipients())
    again = run_reminders(AccountRecipients())
    assert (first.first, again.first, again.second) == (1, 0, 0)
    assert deliver_queued() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [admin.email]
    assert "Service fictif" in mail.outbox[0].body


def test_then_a_second_reminder_then_the_coordinator_is_told():
    service = ServiceFactory(verified_at=days_ago(200))
    member(service.structure, role="admin")
    boss = coordinator(zone_codes=["01"])
    coordinator(zone_codes=["74"])
    run_reminders(AccountRecipients())
    age_reminders(15)
    assert run_reminders(AccountRecipients()).second == 1
    assert run_reminders(AccountRecipients()).coordinator == 0  # not yet: 14 days after the second
    age_reminders(15)
    assert run_reminders(AccountRecipients()).coordinator == 1
    deliver_queued()
    assert mail.outbox[-1].to == [boss.email]
    assert run_reminders(AccountRecipients()).coordinator == 0


def test_a_listing_not_verified_for_13_months_is_unpublished_after_the_notice():
    service = ServiceFactory(verified_at=days_ago(400))
    assert service.is_stale
    for _ in range(3):
        run_reminders(AccountRecipients())
        age_reminders(15)
    result = run_reminders(AccountRecipients())
    service.refresh_from_db()
    assert result.unpublished == 1 and service.status == ListingStatus.DRAFT
    assert run_reminders(AccountRecipients()).unpublished == 0


def test_verifying_starts_a_new_period():
    service = ServiceFactory(verified_at=days_ago(200))
    member(service.structure, role="admin")
    run_reminders(AccountRecipients())
    service.verify(by="Juriste")
    assert run_reminders(AccountRecipients()).first == 0


def test_the_command_prints_its_counts(capsys):
    ServiceFactory(verified_at=days_ago(200))
    call_command("remind")
    assert "Premières relances : 1" in capsys.readouterr().out
