"""Use cases that span several models or send e-mails. E-mails carry a reference and a link: never a name, never a
situation (the person's data stay behind the second factor)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from allervers.accounts.models import Membership, User
from allervers.common.urls import absolute_url
from allervers.mailing.services import queue_email
from allervers.referrals import crypto
from allervers.referrals.enums import AccessAction
from allervers.referrals.models import (
    PERSONAL_FIELDS,
    AccessLog,
    Referral,
    ReferralMessage,
    acknowledgement_delay,
    coordinators_covering,
)


def _send(template: str, referral: Referral, recipients: Iterable[str], **extra: Any) -> None:
    """Queued in the caller's transaction: sent once it commits, never if it rolls back."""
    recipients = sorted(set(recipients))
    if not recipients:
        return
    context = {
        "reference": referral.reference,
        "urgent": referral.is_urgent,
        "url": absolute_url(reverse("referrals:detail", args=[referral.public_id])),
        "platform": settings.ALLERVERS_PLATFORM_NAME,
        **extra,
    }
    queue_email(to=recipients, template=f"referrals/emails/{template}", context=context)


def _member_emails(structure_id: int) -> list[str]:
    return list(
        Membership.objects.filter(structure_id=structure_id, user__is_active=True).values_list("user__email", flat=True)
    )


# Sending and exchanging ---------------------------------------------------------------------------------------
@transaction.atomic
def send_referral(referral: Referral, *, by: User) -> Referral:
    referral.sender = by
    referral.target_structure = referral.service.structure
    referral.save()
    AccessLog.record(referral, user=by, action=AccessAction.CREATE)
    notify_new_referral(referral)
    return referral


def notify_new_referral(referral: Referral) -> None:
    _send("new", referral, _member_emails(referral.target_structure_id))


def notify_sender(referral: Referral) -> None:
    """News for the sending structure: a status change or a message."""
    _send("update", referral, _member_emails(referral.sender_structure_id))


@transaction.atomic
def post_message(referral: Referral, *, by: User, body: str, from_receiver: bool, internal: bool) -> ReferralMessage:
    message = ReferralMessage.objects.create(
        referral=referral,
        author=by,
        author_label=by.display_name,
        from_receiver=from_receiver,
        internal=internal and from_receiver,
        body=body,
    )
    AccessLog.record(referral, user=by, action=AccessAction.MESSAGE, detail="note interne" if message.internal else "")
    if not message.internal:
        if from_receiver:
            notify_sender(referral)
        else:
            _send("update", referral, _member_emails(referral.target_structure_id))
    return message


# Deadlines ----------------------------------------------------------------------------------------------------
@dataclass
class ReminderReport:
    reminded: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)


def run_deadlines(now: datetime.datetime | None = None) -> ReminderReport:
    """Expire hand-overs unanswered after the expiry delay (the sender is told); escalate to the coordination those
    still unacknowledged a full delay after a reminder; remind the receivers of those past their deadline."""
    now = now or timezone.now()
    report = ReminderReport()
    expiry = now - datetime.timedelta(days=settings.ALLERVERS_REFERRAL_EXPIRY_DAYS)
    for referral in Referral.objects.unanswered().filter(created_at__lte=expiry).with_parties():
        with transaction.atomic():
            referral.expire()
            _send("expired", referral, _member_emails(referral.sender_structure_id))
        report.expired.append(referral.reference)
    for referral in Referral.objects.overdue(now).filter(reminded_at__isnull=False, escalated_at__isnull=True):
        if referral.reminded_at and referral.reminded_at + acknowledgement_delay(referral.urgency) > now:
            continue
        with transaction.atomic():
            if _stamp(referral, "escalated_at", now):
                coordinators = coordinators_covering(referral.target_structure)
                _send("escalation", referral, [user.email for user in coordinators])
                report.escalated.append(referral.reference)
    for referral in Referral.objects.overdue(now).filter(reminded_at__isnull=True).with_parties():
        with transaction.atomic():
            if _stamp(referral, "reminded_at", now):
                _send("reminder", referral, _member_emails(referral.target_structure_id))
                report.reminded.append(referral.reference)
    return report


def _stamp(referral: Referral, field_name: str, now: datetime.datetime) -> bool:
    """Set a reminder timestamp once: of two runs at the same time, only one sends the e-mail."""
    return bool(Referral.objects.filter(pk=referral.pk, **{f"{field_name}__isnull": True}).update(**{field_name: now}))


# Retention and keys -------------------------------------------------------------------------------------------
def retention_cutoff(now: datetime.datetime | None = None, months: int | None = None) -> datetime.datetime:
    now = now or timezone.now()
    months = settings.ALLERVERS_REFERRAL_RETENTION_MONTHS if months is None else months
    # A month counted as 30.44 days: the delay is a legal order of magnitude, not a calendar date.
    return now - datetime.timedelta(days=round(months * 30.44))


def purge(now: datetime.datetime | None = None, months: int | None = None) -> list[str]:
    erased = []
    for referral in Referral.objects.purgeable(retention_cutoff(now, months)).order_by("pk"):
        with transaction.atomic():
            if referral.erase_personal_data():
                erased.append(referral.reference)
    return erased


def rotate_keys() -> tuple[int, int]:
    """Re-encrypt every personal field with the first key; returns (hand-overs, messages) rewritten."""
    referrals = messages = 0
    for pk in Referral.objects.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=pk)
            # Saving writes each field again through EncryptedTextField, hence with the first key.
            referral.save(update_fields=list(PERSONAL_FIELDS))
            referrals += 1
    for pk in ReferralMessage.objects.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            message = ReferralMessage.objects.select_for_update().get(pk=pk)
            message.save(update_fields=["body"])
            messages += 1
    crypto.check_keys()
    return referrals, messages
