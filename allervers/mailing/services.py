"""One way to send an e-mail: `queue_email` in the action's transaction, `deliver` in the worker.

A message exists only if the action committed (the row is written in its transaction) and is never lost once it did
(the row stays queued until it is sent or gives up; a queue that lost its task is refilled from the rows by the
`outbox` duty, allervers/jobs/duties.py).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from allervers.mailing.delivery import attempt
from allervers.mailing.models import OutgoingEmail

logger = logging.getLogger(__name__)
# The template engine of plain-text e-mails, without HTML escaping (config/settings/base.py).
EMAIL_TEMPLATES = "emails"


def queue_email(*, to: Iterable[str], template: str, context: dict[str, Any]) -> list[OutgoingEmail]:
    """One e-mail per recipient from `<template>_subject.txt` and `<template>.txt`, sent after the commit."""
    subject = render_to_string(f"{template}_subject.txt", context, using=EMAIL_TEMPLATES)
    body = render_to_string(f"{template}.txt", context, using=EMAIL_TEMPLATES)
    return queue_rendered(to=to, template=template, subject=subject, body=body)


def queue_rendered(*, to: Iterable[str], template: str, subject: str, body: str) -> list[OutgoingEmail]:
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return []
    # A header never holds a line break.
    subject = " ".join(subject.split())
    emails = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(recipient=address, template=template, subject=subject, body=body) for address in recipients
    )
    pks = [email.pk for email in emails]
    transaction.on_commit(lambda: enqueue(pks))
    return emails


def enqueue(pks: Iterable[int], *, delay: float | None = None) -> None:
    """Hand deliveries to the worker. A queue out of reach loses nothing: the rows wait for the `outbox` duty."""
    from allervers.mailing.tasks import send_email

    for pk in pks:
        try:
            if delay:
                send_email.schedule((pk,), delay=delay)
            else:
                send_email(pk)
        except Exception as error:  # Redis down, SQLite storage locked: the row stays queued, the duty resends it.
            logger.warning("Courriel %s non confié au gestionnaire de tâches (%s)", pk, type(error).__name__)


def deliver(pk: int) -> str:
    """One attempt at one delivery, then the retry handed to the worker; what happened, in a word."""
    status, delay = attempt(pk)
    if delay is not None:
        enqueue([pk], delay=delay)
    return status


def requeue_overdue(grace_seconds: float = 120) -> int:
    """Queued rows whose task never ran (queue restarted empty, Redis down at commit), and deliveries that died with
    their worker: handed to the worker again. A duplicate task does nothing (`claim`)."""
    now = timezone.now()
    OutgoingEmail.objects.release_stuck(now)
    pks = list(
        OutgoingEmail.objects.overdue(now, datetime.timedelta(seconds=grace_seconds)).values_list("pk", flat=True)
    )
    enqueue(pks)
    return len(pks)


def retry(email: OutgoingEmail) -> None:
    email.retry()
    transaction.on_commit(lambda: enqueue([email.pk]))
