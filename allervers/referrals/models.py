"""Hand-overs ("mises en relation"): a professional sends a person to a service of another structure.

The person's data live only in encrypted fields and are erased after the retention delay; every read and change is
written to an append-only access log. Lists and statistics never decrypt anything.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.directory.models import Service, Structure
from allervers.referrals.crypto import EncryptedTextField
from allervers.referrals.enums import (
    AccessAction,
    ConsentMethod,
    LegalBasis,
    Outcome,
    ReferralStatus,
    Urgency,
)
from allervers.territories.models import Commune

PERSONAL_FIELDS = ("person_name", "contact_safe", "contact_times", "contact_avoid", "summary", "refusal_reason")
OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED, ReferralStatus.ACCEPTED, ReferralStatus.IN_CHARGE)
UNANSWERED_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED)
FINAL_STATUSES = (ReferralStatus.REFUSED, ReferralStatus.CLOSED, ReferralStatus.EXPIRED)
_REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def new_reference() -> str:
    """A short reference to quote on the phone or in an e-mail; random, so it reveals nothing and cannot be guessed."""
    code = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"MR-{code[:4]}-{code[4:]}"


def acknowledgement_delay(urgency: str) -> datetime.timedelta:
    if urgency == Urgency.URGENT:
        return datetime.timedelta(hours=settings.ALLERVERS_REFERRAL_ACK_HOURS_URGENT)
    return datetime.timedelta(days=settings.ALLERVERS_REFERRAL_ACK_DAYS_NORMAL)


class ReferralQuerySet(models.QuerySet["Referral"]):
    def received_by(self, user: Any) -> ReferralQuerySet:
        return self.filter(target_structure__memberships__user=user)

    def sent_by(self, user: Any) -> ReferralQuerySet:
        return self.filter(sender_structure__memberships__user=user)

    def unanswered(self) -> ReferralQuerySet:
        return self.filter(status__in=UNANSWERED_STATUSES)

    def overdue(self, now: datetime.datetime) -> ReferralQuerySet:
        return self.filter(status=ReferralStatus.SENT, ack_due_at__lte=now)

    def purgeable(self, before: datetime.datetime) -> ReferralQuerySet:
        return self.filter(status__in=FINAL_STATUSES, finished_at__lte=before, purged_at__isnull=True)

    def with_parties(self) -> ReferralQuerySet:
        return self.select_related("service", "target_structure", "sender_structure")


class Referral(models.Model):
    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField("référence", max_length=20, unique=True, default=new_reference, editable=False)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="envoyée par"
    )
    sender_structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="referrals_sent", verbose_name="structure d'origine"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals", verbose_name="service")
    target_structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="referrals_received", verbose_name="structure destinataire"
    )
    situation = models.CharField("situation", max_length=120)
    urgency = models.CharField("urgence", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    # The person's commune serves the statistics by EPCI; it is erased with the personal fields, the EPCI stays.
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="commune"
    )
    epci_code = models.CharField("EPCI", max_length=9, blank=True)

    legal_basis = models.CharField("base légale", max_length=30, choices=LegalBasis.choices)
    consent_method = models.CharField(
        "recueil du consentement", max_length=10, choices=ConsentMethod.choices, blank=True
    )
    consent_given_on = models.DateField("consentement donné le", null=True, blank=True)

    person_name = EncryptedTextField("nom ou pseudonyme", blank=True)
    contact_safe = EncryptedTextField("moyen sûr de contact", blank=True)
    contact_times = EncryptedTextField("moments sûrs pour contacter", blank=True)
    contact_avoid = EncryptedTextField("à ne pas utiliser", blank=True)
    summary = EncryptedTextField("résumé", blank=True)
    refusal_reason = EncryptedTextField("motif du refus", blank=True)
    outcome = models.CharField("issue", max_length=20, choices=Outcome.choices, blank=True)

    status = models.CharField("statut", max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    created_at = models.DateTimeField("envoyée le", default=timezone.now)
    ack_due_at = models.DateTimeField("réception à accuser avant le")
    acknowledged_at = models.DateTimeField("reçue le", null=True, blank=True)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    in_charge_at = models.DateTimeField("prise en charge le", null=True, blank=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    reminded_at = models.DateTimeField("relancée le", null=True, blank=True)
    escalated_at = models.DateTimeField("signalée à la coordination le", null=True, blank=True)
    purged_at = models.DateTimeField("données personnelles effacées le", null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "ack_due_at"], name="referral_status_due")]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.ack_due_at is None:
            self.ack_due_at = self.created_at + acknowledgement_delay(self.urgency)
        if self.commune is not None and not self.epci_code:
            self.epci_code = self.commune.epci_id or ""
        super().save(*args, **kwargs)

    @property
    def situation_label(self) -> str:
        from allervers.taxonomy import terms

        term = terms.thematiques().get(self.situation)
        return term.label if term else self.situation

    @property
    def is_urgent(self) -> bool:
        return self.urgency == Urgency.URGENT

    @property
    def is_overdue(self) -> bool:
        return self.status == ReferralStatus.SENT and self.ack_due_at <= timezone.now()

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None

    # Transitions --------------------------------------------------------------------------------------------
    def _move(self, *, sources: tuple[str, ...], target: str, by: Any, detail: str = "", **values: Any) -> None:
        """Change the status only if it is still one of `sources`: a conditional UPDATE, so that of two people acting
        at once exactly one wins and the other gets a TransitionError (it plays the part of save(update_fields))."""
        values["status"] = target
        with transaction.atomic():
            if not type(self).objects.filter(pk=self.pk, status__in=sources).update(**values):
                current = type(self).objects.values_list("status", flat=True).get(pk=self.pk)
                label = ReferralStatus(current).label
                raise TransitionError(
                    f"Cette action n'est plus possible : la mise en relation est maintenant « {label} »"
                    " (quelqu'un a peut-être agi en même temps que vous)."
                )
            # The change and its log line stand or fall together.
            AccessLog.record(self, user=by, action=AccessAction.CHANGE, detail=detail or ReferralStatus(target).label)
        for name, value in values.items():
            setattr(self, name, value)

    def acknowledge(self, *, by: Any) -> None:
        self._move(sources=(ReferralStatus.SENT,), target=ReferralStatus.ACKNOWLEDGED, by=by, acknowledged_at=_now())

    def accept(self, *, by: Any) -> None:
        now = _now()
        self._move(
            sources=UNANSWERED_STATUSES,
            target=ReferralStatus.ACCEPTED,
            by=by,
            acknowledged_at=self.acknowledged_at or now,
            accepted_at=now,
        )

    def refuse(self, *, by: Any, reason: str) -> None:
        now = _now()
        self._move(
            sources=UNANSWERED_STATUSES,
            target=ReferralStatus.REFUSED,
            by=by,
            acknowledged_at=self.acknowledged_at or now,
            finished_at=now,
            refusal_reason=reason,
        )

    def take_in_charge(self, *, by: Any) -> None:
        self._move(sources=(ReferralStatus.ACCEPTED,), target=ReferralStatus.IN_CHARGE, by=by, in_charge_at=_now())

    def close(self, *, by: Any, outcome: str) -> None:
        self._move(
            sources=(ReferralStatus.ACCEPTED, ReferralStatus.IN_CHARGE),
            target=ReferralStatus.CLOSED,
            by=by,
            detail=f"clôturée : {Outcome(outcome).label}",
            outcome=outcome,
            finished_at=_now(),
        )

    def expire(self) -> None:
        self._move(sources=UNANSWERED_STATUSES, target=ReferralStatus.EXPIRED, by=None, finished_at=_now())

    def erase_personal_data(self) -> bool:
        """Retention: blank every personal field and message; the row stays for the statistics. Idempotent."""
        blanks: dict[str, Any] = dict.fromkeys(PERSONAL_FIELDS, "")
        with transaction.atomic():
            updated = (
                type(self)
                .objects.filter(pk=self.pk, purged_at__isnull=True)
                .update(**blanks, commune=None, consent_given_on=None, purged_at=_now())
            )
            if not updated:
                return False
            self.messages.update(body="")
            AccessLog.record(self, user=None, action=AccessAction.ERASE)
        return True


def _now() -> datetime.datetime:
    return timezone.now()


class MessageQuerySet(models.QuerySet["ReferralMessage"]):
    def shared(self) -> MessageQuerySet:
        return self.filter(internal=False)


class ReferralMessage(models.Model):
    """The exchange between sender and receiver; an internal note is seen by the receiving structure only."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_label = models.CharField("auteur", max_length=300)
    from_receiver = models.BooleanField("de la structure destinataire", default=False)
    internal = models.BooleanField("note interne", default=False)
    body = EncryptedTextField("message")
    created_at = models.DateTimeField("le", default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "message d'une mise en relation"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral} — {self.created_at:%d/%m/%Y %H:%M}"


class AppendOnlyError(Exception):
    """The access log is never changed nor deleted."""


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Le journal des accès ne peut pas être modifié.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Le journal des accès ne peut pas être effacé.")


class AccessLog(models.Model):
    """Who read or changed which hand-over's personal data, and when. Append-only, here and in the database (a
    trigger refuses UPDATE and DELETE). It names no person and holds no situation: only references and actions."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="access_log")
    # No database constraint: deleting an account must not rewrite the log; the label keeps who it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    user_label = models.CharField("qui", max_length=300)
    action = models.CharField("action", max_length=10, choices=AccessAction.choices)
    detail = models.CharField("précision", max_length=200, blank=True)
    created_at = models.DateTimeField("le", default=timezone.now, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = "accès à une mise en relation"
        verbose_name_plural = "journal des accès"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.referral} — {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Le journal des accès ne peut pas être modifié.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Le journal des accès ne peut pas être effacé.")

    @classmethod
    def record(cls, referral: Referral, *, user: Any, action: str, detail: str = "") -> AccessLog:
        label = _user_label(user)
        return cls.objects.create(referral=referral, user=user, user_label=label, action=action, detail=detail)


def _user_label(user: Any) -> str:
    if user is None:
        return "traitement automatique"
    return f"{user.display_name} <{user.email}>"


def structures_without_members(structures: list[Structure]) -> set[int]:
    from allervers.accounts.models import Membership

    with_members = set(
        Membership.objects.filter(structure__in=structures).values_list("structure_id", flat=True).distinct()
    )
    return {structure.pk for structure in structures} - with_members


def coordinators_covering(structure: Structure) -> list[Any]:
    from allervers.accounts.models import CoordinatorScope

    return [scope.user for scope in CoordinatorScope.objects.covering(structure.commune)]
