"""The outbox: every e-mail the platform sends is a row written in the transaction of the action that causes it,
then delivered by the worker (allervers/mailing/tasks.py), retried with a growing delay, and kept as a record.

The row holds the rendered subject and body (rendered at queue time, when the context is at hand); like every
e-mail of the platform they carry references and links, never a person's data. The last error is an exception's
class and an SMTP code: never the server's message, which may repeat the address.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F
from django.utils import timezone

from allervers.mailing.enums import EmailStatus

# A delivery still "sending" after this long died with its worker: it is queued again (allervers/jobs duties).
STUCK_AFTER = datetime.timedelta(minutes=15)


class TransitionError(Exception):
    """A delivery cannot go from its current status to the one asked."""


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def failed(self) -> OutgoingEmailQuerySet:
        return self.filter(status=EmailStatus.FAILED)

    def overdue(self, now: datetime.datetime, grace: datetime.timedelta) -> OutgoingEmailQuerySet:
        """Queued deliveries whose task should have run `grace` ago: lost with a queue that restarted empty."""
        return self.filter(status=EmailStatus.QUEUED, next_attempt_at__lte=now - grace)

    def release_stuck(self, now: datetime.datetime) -> int:
        return self.filter(status=EmailStatus.SENDING, last_attempt_at__lte=now - STUCK_AFTER).update(
            status=EmailStatus.QUEUED, next_attempt_at=now
        )

    def claim(self, pk: int, now: datetime.datetime) -> OutgoingEmail | None:
        """Take a due delivery for one attempt. Of two workers given the same task, only one gets it."""
        taken = self.filter(pk=pk, status=EmailStatus.QUEUED, next_attempt_at__lte=now).update(
            status=EmailStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
        )
        return self.get(pk=pk) if taken else None


class OutgoingEmail(models.Model):
    recipient = models.EmailField("destinataire", max_length=254)
    template = models.CharField("modèle", max_length=200)
    subject = models.CharField("objet", max_length=300)
    body = models.TextField("texte")
    status = models.CharField("statut", max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.CharField("dernière erreur", max_length=200, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    next_attempt_at = models.DateTimeField("prochaine tentative", default=timezone.now)
    last_attempt_at = models.DateTimeField("dernière tentative", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "courriel"
        verbose_name_plural = "courriels"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoingemail_due")]

    def __str__(self) -> str:
        return f"{self.template} → {self.masked_recipient}"

    @property
    def masked_recipient(self) -> str:
        """j***@exemple.fr: enough for a coordinator to recognise an address, not to read it."""
        local, _, domain = self.recipient.partition("@")
        return f"{local[:1]}***@{domain}"

    # Transitions ----------------------------------------------------------------------------------------------
    def mark_sent(self) -> None:
        if self.status != EmailStatus.SENDING:
            raise TransitionError("Seul un courriel en cours d'envoi peut être marqué envoyé.")
        # The body goes once sent: its links (an invitation, a new password) must not outlive their use here.
        self.status, self.sent_at, self.last_error, self.body = EmailStatus.SENT, timezone.now(), "", ""
        self.save(update_fields=["status", "sent_at", "last_error", "body"])

    def mark_attempt_failed(self, error: str, *, max_attempts: int, base_delay: float) -> float | None:
        """Queue the next attempt after a delay that doubles each time, or give up: returns the delay, or None."""
        if self.status != EmailStatus.SENDING:
            raise TransitionError("Seul un courriel en cours d'envoi peut échouer.")
        self.last_error = error[:200]
        delay: float | None = None
        if self.attempts >= max_attempts:
            self.status = EmailStatus.FAILED
        else:
            delay = base_delay * 2 ** (self.attempts - 1)
            self.status, self.next_attempt_at = EmailStatus.QUEUED, timezone.now() + datetime.timedelta(seconds=delay)
        self.save(update_fields=["status", "last_error", "next_attempt_at"])
        return delay

    def retry(self) -> None:
        """A coordinator asks again for a delivery that gave up: a full series of attempts."""
        if self.status != EmailStatus.FAILED:
            raise TransitionError("Seul un courriel en échec peut être renvoyé.")
        self.status, self.attempts, self.next_attempt_at = EmailStatus.QUEUED, 0, timezone.now()
        self.save(update_fields=["status", "attempts", "next_attempt_at"])
