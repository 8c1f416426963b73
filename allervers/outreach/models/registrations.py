"""Registrations to a session: double opt-in, waiting list, attendance, certificate, anonymous evaluation.

A registration holds personal data (name, professional e-mail, employer): it is never logged (the log below keeps
actions only) and is anonymised after the retention period (`allervers.outreach.services.purge`).

Places are counted under a lock on the session row (`select_for_update`): on PostgreSQL the second of two
simultaneous confirmations waits for the first one's commit, then counts again; on SQLite every transaction is
opened with BEGIN IMMEDIATE (config/settings: transaction_mode), which takes the database's write lock at once, so
two confirmations are run one after the other as well.
"""

from __future__ import annotations

import secrets
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.directory.models import Structure
from allervers.outreach.enums import Attendance, Profession, RegistrationStatus
from allervers.outreach.models.catalogue import Session
from allervers.territories.models import Commune

if TYPE_CHECKING:
    from allervers.accounts.models import User

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CONFIRMATION_MAX_AGE = 7 * 24 * 3600


def new_secret() -> str:
    return secrets.token_urlsafe(16)


def new_reference() -> str:
    def group() -> str:
        return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))

    return f"AT-{group()}-{group()}-{group()}"


class Registration(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(
        "statut", max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    email = models.EmailField("courriel professionnel")
    profession = models.CharField("profession", max_length=40, choices=Profession.choices)
    employer = models.ForeignKey(
        Structure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="employeur"
    )
    employer_name = models.CharField("employeur (texte libre)", max_length=200, blank=True)
    work_commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune de travail"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField("inscrit le", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)
    attendance = models.CharField("présence", max_length=10, choices=Attendance.choices, blank=True)
    certificate_reference = models.CharField("référence de l'attestation", max_length=20, null=True, unique=True)
    certificate_sent_at = models.DateTimeField("attestation envoyée le", null=True, blank=True, editable=False)
    evaluated = models.BooleanField("évaluation remplie", default=False)
    anonymised_at = models.DateTimeField("anonymisé le", null=True, blank=True)

    class Meta:
        verbose_name = "inscription"
        ordering = ["session", "last_name", "first_name", "pk"]

    def __str__(self) -> str:
        return f"Inscription n°{self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def employer_label(self) -> str:
        return self.employer.name if self.employer else self.employer_name

    @property
    def has_certificate(self) -> bool:
        """Pointed present at a session that took place: a person pointed ahead of a session cancelled afterwards
        (« séance annulée ») has none."""
        return (
            self.status == RegistrationStatus.CONFIRMED
            and self.attendance == Attendance.PRESENT
            and bool(self.certificate_reference)
            and self.session.cancelled_at is None
        )

    # --- signed links (the secret changes when the registration is anonymised: old links stop working) ---

    def token(self, purpose: str) -> str:
        return signing.dumps({"r": self.pk, "s": self.secret}, salt=f"outreach.{purpose}", compress=True)

    @classmethod
    def from_token(cls, token: str, purpose: str, max_age: int | None = None) -> Registration | None:
        try:
            data = signing.loads(token, salt=f"outreach.{purpose}", max_age=max_age)
        except signing.BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        found = cls.objects.select_related("session__offer__organiser").filter(pk=data.get("r")).first()
        if found is None or not secrets.compare_digest(found.secret, str(data.get("s", ""))):
            return None
        return found

    # --- transitions ---

    def _log(self, action: str, by: User | None = None) -> None:
        RegistrationLog.objects.create(registration=self, action=action, user=by)

    def confirm(self) -> None:
        """The e-mail link was followed: a place if one is left, else the waiting list, else refused."""
        with transaction.atomic():
            session = Session.objects.select_for_update().get(pk=self.session_id)
            current = Registration.objects.get(pk=self.pk)
            if current.status == RegistrationStatus.SESSION_CANCELLED or session.cancelled_at is not None:
                raise TransitionError("Cette session est annulée.")
            if current.status != RegistrationStatus.PENDING:
                raise TransitionError("Cette inscription est déjà confirmée.")
            reason = session.closed_reason()
            if reason:
                raise TransitionError(reason)
            full = session.count(RegistrationStatus.CONFIRMED) >= session.capacity
            self.status = RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED
            self.confirmed_at = timezone.now()
            self.save(update_fields=["status", "confirmed_at"])
            self._log(f"confirmée ({self.get_status_display()})")

    def cancel(self) -> Registration | None:
        """Cancelled by the registrant's link; a place that frees goes to the first on the waiting list (returned)."""
        with transaction.atomic():
            session = Session.objects.select_for_update().get(pk=self.session_id)
            current = Registration.objects.get(pk=self.pk)
            if current.status == RegistrationStatus.CANCELLED:
                raise TransitionError("Cette inscription est déjà annulée.")
            if session.cancelled_at is not None:
                raise TransitionError("La session est annulée : il n'y a plus rien à annuler.")
            if timezone.now() >= session.starts_at:
                raise TransitionError("La session a commencé : l'inscription ne peut plus être annulée.")
            held_a_place = current.status == RegistrationStatus.CONFIRMED
            self.status = RegistrationStatus.CANCELLED
            self.save(update_fields=["status"])
            self._log("annulée")
            if held_a_place:
                return session_promote_next(session)
        return None

    def promote(self, *, by: User) -> None:
        """An organiser moves this person from the waiting list to a free place, out of order if they choose."""
        with transaction.atomic():
            session = Session.objects.select_for_update().get(pk=self.session_id)
            current = Registration.objects.get(pk=self.pk)
            if current.status != RegistrationStatus.WAITING:
                raise TransitionError("Seules les personnes sur liste d'attente peuvent recevoir une place.")
            if session.cancelled_at is not None:
                raise TransitionError("La session est annulée.")
            if session.count(RegistrationStatus.CONFIRMED) >= session.capacity:
                raise TransitionError(
                    "Aucune place libre : augmentez le nombre de places de la session, ou attendez un désistement."
                )
            self.status = RegistrationStatus.CONFIRMED
            self.save(update_fields=["status"])
            self._log("promue depuis la liste d'attente (par l'organisateur)", by)

    def set_attendance(self, value: str, *, by: User) -> None:
        if value not in Attendance.values:
            raise TransitionError("Présence inconnue.")
        if self.session.cancelled_at is not None:
            raise TransitionError("La session est annulée : personne n'y est pointé.")
        if self.status != RegistrationStatus.CONFIRMED:
            raise TransitionError("Seules les personnes inscrites (et non en attente) sont pointées.")
        with transaction.atomic():
            previous = self.get_attendance_display() or "non pointé"
            self.attendance = value
            fields = ["attendance"]
            if value == Attendance.PRESENT and not self.certificate_reference:
                self.certificate_reference = new_reference()
                fields.append("certificate_reference")
            self.save(update_fields=fields)
            self._log(f"présence : {previous} → {self.get_attendance_display()}", by)


def session_promote_next(session: Session) -> Registration | None:
    """Inside the caller's transaction, with the session row locked: the first on the waiting list takes the place."""
    if session.cancelled_at is not None or session.count(RegistrationStatus.CONFIRMED) >= session.capacity:
        return None
    waiting = session.registrations.filter(status=RegistrationStatus.WAITING).order_by("confirmed_at", "pk").first()
    if waiting is None:
        return None
    waiting.status = RegistrationStatus.CONFIRMED
    waiting.save(update_fields=["status"])
    waiting._log("promue depuis la liste d'attente")
    return waiting


class RegistrationLog(models.Model):
    """What happened to a registration, and who did it: actions only, never the registrant's data."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="logs")
    action = models.CharField("action", max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "journal d'inscription"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.action


SCALE = [(value, str(value)) for value in range(1, 6)]


class Evaluation(models.Model):
    """One anonymous answer: no link to the registration, no account, no time; a random key, so that even the
    order of the rows says nothing about who answered when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evaluations")
    satisfaction = models.PositiveSmallIntegerField("satisfaction", choices=SCALE)
    spotting_before = models.PositiveSmallIntegerField("repérer les signes, avant", choices=SCALE)
    spotting_after = models.PositiveSmallIntegerField("repérer les signes, après", choices=SCALE)
    referring_before = models.PositiveSmallIntegerField("savoir vers qui orienter, avant", choices=SCALE)
    referring_after = models.PositiveSmallIntegerField("savoir vers qui orienter, après", choices=SCALE)
    practice_change = models.TextField("ce qui change dans ma pratique", blank=True)

    class Meta:
        verbose_name = "évaluation"
        ordering = ["id"]

    def __str__(self) -> str:
        return "Évaluation anonyme"
