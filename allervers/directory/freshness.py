"""Freshness reminders: one reminder per period, a second one, then the coordinator; stale listings unpublished.

Idempotent by construction: each (service, due date, level) is recorded once (Reminder's unique key), so running
`allervers remind` twice in a day sends nothing the second time. The worker runs it every morning (allervers/jobs).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from allervers.common.urls import absolute_url
from allervers.directory.enums import ListingStatus
from allervers.directory.models import UNPUBLISH_AFTER_MONTHS, Service, add_months
from allervers.directory.tracking import Reminder
from allervers.mailing.services import queue_email

SECOND_REMINDER_AFTER = datetime.timedelta(days=14)
COORDINATOR_AFTER = datetime.timedelta(days=14)


@dataclass
class ReminderRun:
    first: int = 0
    second: int = 0
    coordinator: int = 0
    unpublished: int = 0
    emails: int = 0
    outbox: dict[str, list[Service]] = field(default_factory=lambda: defaultdict(list))


def due_since(service: Service) -> datetime.date:
    return add_months(service.last_verified_on, service.update_frequency_months)


class Recipients(Protocol):
    """Whom to write to about a service: the directory doesn't know people, the accounts do
    (allervers/accounts/recipients.py)."""

    def members(self, service: Service) -> list[str]: ...

    def coordinators(self, service: Service) -> list[str]: ...


def run_reminders(recipients: Recipients, today: datetime.date | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    now = timezone.now()
    run = ReminderRun()
    services = Service.objects.filter(status__in=[ListingStatus.PUBLISHED, ListingStatus.SUSPENDED]).select_related(
        "structure__commune"
    )
    sent: dict[tuple[int, datetime.date], dict[int, datetime.datetime]] = defaultdict(dict)
    for reminder in Reminder.objects.filter(service__in=services):
        sent[(reminder.service_id, reminder.due_since)][reminder.level] = reminder.sent_at
    # One transaction for the reminders recorded and the e-mails queued: both, or neither and the next run redoes it.
    with transaction.atomic():
        for service in services:
            due = due_since(service)
            if due > today:
                continue
            _step(service, due, sent[(service.pk, due)], today, now, run, recipients)
        _send(run)
    return run


def _step(
    service: Service,
    due: datetime.date,
    levels: dict[int, datetime.datetime],
    today: datetime.date,
    now: datetime.datetime,
    run: ReminderRun,
    recipients: Recipients,
) -> None:
    if Reminder.FIRST not in levels:
        _record(service, due, Reminder.FIRST, recipients.members(service), run)
        run.first += 1
    elif Reminder.SECOND not in levels and now - levels[Reminder.FIRST] >= SECOND_REMINDER_AFTER:
        _record(service, due, Reminder.SECOND, recipients.members(service), run)
        run.second += 1
    elif (
        Reminder.SECOND in levels
        and Reminder.COORDINATOR not in levels
        and now - levels[Reminder.SECOND] >= COORDINATOR_AFTER
    ):
        _record(service, due, Reminder.COORDINATOR, recipients.coordinators(service), run)
        run.coordinator += 1
    elif (
        Reminder.COORDINATOR in levels
        and Reminder.UNPUBLISHED not in levels
        and add_months(service.last_verified_on, UNPUBLISH_AFTER_MONTHS) <= today
    ):
        service.unpublish()
        Reminder.objects.create(service=service, due_since=due, level=Reminder.UNPUBLISHED)
        run.unpublished += 1


def _record(service: Service, due: datetime.date, level: int, recipients: list[str], run: ReminderRun) -> None:
    Reminder.objects.create(service=service, due_since=due, level=level)
    for email in recipients:
        run.outbox[email].append(service)


def _send(run: ReminderRun) -> None:
    """One e-mail per person, listing the services to check: names of services and links, nothing personal."""
    for email, services in run.outbox.items():
        items = [(s.name, s.structure.name, absolute_url(reverse("backoffice:service", args=[s.pk]))) for s in services]
        queue_email(to=[email], template="directory/emails/reminder", context={"items": items})
        run.emails += 1
