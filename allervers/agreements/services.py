"""Use cases spanning agreements, e-mails and the calendar: the reminders before an end date and the expiry step.

Both are idempotent. A reminder sent is recorded (agreement, kind, end date: unique), so a second run sends nothing;
a run missed for a day is caught up by the next, as long as the agreement is still within the window. The e-mails
name the agreement's title and end date and give a link: nothing about the parties' people.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from allervers.agreements.enums import AgreementStatus, LogAction, ReminderKind, Renewal
from allervers.agreements.models import Agreement, AgreementLog, Reminder
from allervers.common.exceptions import TransitionError
from allervers.mailing.services import queue_email

if TYPE_CHECKING:
    from allervers.accounts.models import User

# Days before the end date at which each reminder becomes due; the nearer one wins when both are.
WINDOWS: tuple[tuple[ReminderKind, int], ...] = ((ReminderKind.DAYS_30, 30), (ReminderKind.DAYS_90, 90))


def absolute(path: str) -> str:
    return str(settings.ALLERVERS_BASE_URL).rstrip("/") + path


def due_kind(days_left: int) -> ReminderKind | None:
    """Which reminder an agreement ending in `days_left` days is due (None when neither: too far, or over)."""
    if days_left < 0:
        return None
    for kind, days in WINDOWS:
        if days_left <= days:
            return kind
    return None


def recipients(agreement: Agreement) -> list[User]:
    """The agreement's responsible coordinator when active; otherwise the coordinators whose scope holds its
    department whole."""
    from allervers.accounts.models import CoordinatorScope

    if agreement.responsible is not None and agreement.responsible.is_active:
        return [agreement.responsible]
    scopes = CoordinatorScope.objects.filter(user__is_active=True).select_related("user")
    return [scope.user for scope in scopes if scope.covers_zone(agreement.department_id)]


def send_reminders(today: datetime.date | None = None) -> int:
    """Signed agreements ending within 90 days: one reminder per window and end date. Returns e-mails queued."""
    today = today or timezone.localdate()
    sent = 0
    candidates = Agreement.objects.ending_between(today, today + datetime.timedelta(days=WINDOWS[-1][1]))
    for agreement in candidates.select_related("responsible").order_by("end_date", "pk"):
        assert agreement.end_date is not None
        kind = due_kind((agreement.end_date - today).days)
        if kind is None or _already_sent(agreement, kind):
            continue
        sent += _remind(agreement, kind)
    return sent


def _already_sent(agreement: Agreement, kind: ReminderKind) -> bool:
    assert agreement.end_date is not None
    reminders = Reminder.objects.filter(agreement=agreement, end_date=agreement.end_date)
    # The 30-day reminder supersedes the 90-day one: a late first run at 20 days sends only the nearer reminder,
    # and the 90-day one is not sent after it.
    kinds = [kind] if kind == ReminderKind.DAYS_30 else [ReminderKind.DAYS_90, ReminderKind.DAYS_30]
    return reminders.filter(kind__in=kinds).exists()


def _remind(agreement: Agreement, kind: ReminderKind) -> int:
    users = recipients(agreement)
    url = absolute(reverse("agreements:detail", args=[agreement.pk]))
    try:
        with transaction.atomic():
            assert agreement.end_date is not None
            Reminder.objects.create(agreement=agreement, kind=kind, end_date=agreement.end_date, recipients=len(users))
            context = {"agreement": agreement, "days": int(kind.value), "url": url}
            emails = queue_email(
                to=[user.email for user in users], template="agreements/emails/reminder", context=context
            )
            AgreementLog.record(agreement, user=None, action=LogAction.REMINDER, detail=kind.label)
    except IntegrityError:  # another worker recorded it first
        return 0
    return len(emails)


@dataclass(frozen=True)
class ExpiryReport:
    expired: int
    renewed: int


def run_expiry(today: datetime.date | None = None) -> ExpiryReport:
    """Signed agreements past their end date: renewed for a new term when tacitly renewable, else expired."""
    today = today or timezone.localdate()
    expired = renewed = 0
    past = Agreement.objects.filter(status=AgreementStatus.SIGNED, end_date__lt=today)
    for agreement in past.order_by("pk"):
        try:
            if agreement.renewal == Renewal.TACIT and agreement.duration_months:
                agreement.renew_tacitly(today=today)
                renewed += 1
            else:
                agreement.expire(today=today)
                expired += 1
        except TransitionError:  # changed meanwhile (signed again, denounced): nothing left to do for it
            continue
    return ExpiryReport(expired=expired, renewed=renewed)
