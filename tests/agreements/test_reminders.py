"""Reminders to the coordinator 90 and 30 days before the end date: one e-mail each, however many runs; a run
missed for a day is caught up the next; the e-mail names the agreement and its end date, and gives a link."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from allervers.agreements.enums import LogAction, ReminderKind
from allervers.agreements.models import Reminder
from allervers.agreements.services import send_reminders
from allervers.jobs.duties import BY_NAME
from allervers.mailing.models import OutgoingEmail
from tests.agreements.conftest import make_agreement, signed
from tests.factories import coordinator

pytestmark = pytest.mark.django_db


def reminders_to(address: str) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(recipient=address, template="agreements/emails/reminder"))


def test_ninety_then_thirty_days_before_one_email_each_however_many_runs(setting):
    today = timezone.localdate()
    signed(setting.agreement, days_left=90)
    assert send_reminders(today) == 1
    assert send_reminders(today) == 0
    assert send_reminders(today + datetime.timedelta(days=1)) == 0
    assert len(reminders_to("coordination@example.org")) == 1
    assert send_reminders(today + datetime.timedelta(days=60)) == 1
    assert send_reminders(today + datetime.timedelta(days=60)) == 0
    assert send_reminders(today + datetime.timedelta(days=61)) == 0
    kinds = sorted(Reminder.objects.values_list("kind", flat=True))
    assert kinds == [ReminderKind.DAYS_30, ReminderKind.DAYS_90]
    assert len(reminders_to("coordination@example.org")) == 2
    assert setting.agreement.log.filter(action=LogAction.REMINDER).count() == 2


def test_a_missed_day_is_caught_up_while_still_in_the_window(setting):
    signed(setting.agreement, days_left=88)
    assert send_reminders() == 1
    assert Reminder.objects.get().kind == ReminderKind.DAYS_90


def test_a_first_run_inside_thirty_days_sends_only_the_nearer_reminder(setting):
    signed(setting.agreement, days_left=20)
    assert send_reminders() == 1
    assert send_reminders() == 0
    assert list(Reminder.objects.values_list("kind", flat=True)) == [ReminderKind.DAYS_30]


def test_nothing_is_sent_too_early_past_the_end_or_for_a_project(setting):
    signed(setting.agreement, days_left=91)
    assert send_reminders() == 0
    signed(setting.agreement, days_left=-1)
    assert send_reminders() == 0
    project = make_agreement(setting.association, title="Projet fictif", end_date=timezone.localdate())
    assert project.status == "en-projet"
    assert send_reminders() == 0
    assert OutgoingEmail.objects.count() == 0


def test_a_renewal_moves_the_end_date_and_rearms_the_reminders(setting):
    signed(setting.agreement, days_left=25)
    assert send_reminders() == 1
    setting.agreement.renew(by=setting.coordinator)
    today_after = setting.agreement.end_date - datetime.timedelta(days=30)
    assert send_reminders(today_after) == 1


def test_the_email_names_the_agreement_and_its_end_date_and_links_to_it(setting):
    signed(setting.agreement, days_left=30)
    send_reminders()
    (email,) = reminders_to("coordination@example.org")
    assert email.subject == "Échéance dans 30 jours : Convention fictive d'accueil des victimes"
    end = setting.agreement.end_date
    assert f"{end.day} " in email.body and str(end.year) in email.body
    assert f"/espace/conventions/{setting.agreement.pk}/" in email.body
    # Nothing about the parties or anyone in them.
    assert "Association fictive" not in email.body and "Service hospitalier" not in email.body


def test_without_a_responsible_the_department_coordinators_are_reminded(setting):
    setting.agreement.responsible = None
    setting.agreement.save(update_fields=["responsible"])
    coordinator(("01",), email="prefecture@example.org")
    coordinator(("74",), email="ailleurs@example.org")
    coordinator(("01053",), email="commune@example.org")  # a commune's coordinator: not the department's
    signed(setting.agreement, days_left=90)
    send_reminders()
    recipients = set(OutgoingEmail.objects.values_list("recipient", flat=True))
    assert recipients == {"coordination@example.org", "prefecture@example.org"}


def test_the_daily_duty_sends_the_reminders(setting):
    signed(setting.agreement, days_left=30)
    result = BY_NAME["conventions-echeances"].action()
    assert result.startswith("1 rappel(s)")
    assert BY_NAME["conventions-echeances"].action().startswith("0 rappel(s)")
