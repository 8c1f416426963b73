"""One attempt at delivering a queued e-mail. Imports nothing that queues: the task and the services both call it."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from allervers.mailing.models import OutgoingEmail

logger = logging.getLogger(__name__)


def describe(error: BaseException) -> str:
    """An exception's class and SMTP code: never its message, which may quote the address."""
    code: int | None = getattr(error, "smtp_code", None)
    if code is None and isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code = next(iter(error.recipients.values()))[0]
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def attempt(pk: int) -> tuple[str, float | None]:
    """Try to send one e-mail: ("sent" | "skipped" | "failed" | "retry", seconds before the next attempt)."""
    email = OutgoingEmail.objects.claim(pk, timezone.now())
    if email is None:
        return "skipped", None
    try:
        EmailMessage(email.subject, email.body, None, [email.recipient]).send()
    except Exception as error:  # any failure of the mail backend is recorded, then retried
        delay = email.mark_attempt_failed(
            describe(error),
            max_attempts=settings.ALLERVERS_EMAIL_MAX_ATTEMPTS,
            base_delay=settings.ALLERVERS_EMAIL_RETRY_SECONDS,
        )
        if delay is None:
            logger.warning("Courriel %s abandonné après %s tentatives (%s)", pk, email.attempts, email.last_error)
            return "failed", None
        return "retry", delay
    email.mark_sent()
    return "sent", None
