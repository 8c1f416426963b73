"""The catalogue: offers (a training or an awareness action), their dated sessions and public events."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.directory.models import Structure
from allervers.outreach.enums import (
    ACTIVE_STATUSES,
    Audience,
    Format,
    OfferKind,
    Profession,
    RegistrationStatus,
    Topic,
)
from allervers.territories.models import Commune

if TYPE_CHECKING:
    from allervers.accounts.models import User
    from allervers.outreach.models.registrations import Registration


def managed_q(user: User, prefix: str = "") -> Q:
    """Members of the organiser structure, and coordinators whose scope covers the organiser's commune."""
    condition = Q(**{f"{prefix}organiser__memberships__user": user})
    scope = user.coordinator_scope
    if scope is not None:
        condition |= scope.commune_filter(f"{prefix}organiser__commune__")
    return condition


class OfferQuerySet(models.QuerySet["Offer"]):
    def for_user(self, user: User) -> OfferQuerySet:
        return self.filter(managed_q(user)).distinct()


class Offer(models.Model):
    kind = models.CharField("type", max_length=20, choices=OfferKind.choices, default=OfferKind.TRAINING)
    title = models.CharField("intitulé", max_length=200)
    organiser = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="outreach_offers", verbose_name="structure organisatrice"
    )
    partner_name = models.CharField(
        "partenaire", max_length=200, blank=True, help_text="Par exemple : CNFPT (organisme hors annuaire)"
    )
    topic = models.CharField("thématique", max_length=40, choices=Topic.choices)
    target_professions = models.JSONField("professions visées", default=list, blank=True)
    format = models.CharField("format", max_length=12, choices=Format.choices, default=Format.ON_SITE)
    duration_hours = models.DecimalField("durée (heures)", max_digits=5, decimal_places=1, default=7)
    objectives = models.TextField("objectifs", blank=True)
    prerequisites = models.TextField("prérequis", blank=True)
    fiches = models.ManyToManyField(
        "plan.FicheAction", blank=True, related_name="outreach_offers", verbose_name="fiches action du plan"
    )
    is_demo = models.BooleanField("démonstration", default=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = "offre de formation ou de sensibilisation"
        verbose_name_plural = "offres de formation ou de sensibilisation"
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def target_labels(self) -> list[str]:
        labels = dict(Profession.choices)
        return [labels.get(code, code) for code in self.target_professions]


class SessionQuerySet(models.QuerySet["Session"]):
    def for_user(self, user: User) -> SessionQuerySet:
        return self.filter(managed_q(user, "offer__")).distinct()

    def upcoming(self, now: datetime.datetime | None = None) -> SessionQuerySet:
        return self.filter(ends_at__gte=now or timezone.now())

    def not_cancelled(self) -> SessionQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def in_department(self, code: str) -> SessionQuerySet:
        return self.filter(
            Q(commune__department_id=code) | Q(commune__isnull=True, offer__organiser__commune__department_id=code)
        )


class Session(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sessions", verbose_name="offre")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="commune"
    )
    place = models.CharField("lieu", max_length=200, blank=True, help_text="Par exemple : Mairie de Belley")
    address = models.CharField("adresse", max_length=255, blank=True)
    online_url = models.URLField("lien de la visioconférence", blank=True)
    capacity = models.PositiveIntegerField("places")
    waiting_list_size = models.PositiveIntegerField("places sur liste d'attente", default=10)
    registration_deadline = models.DateTimeField("clôture des inscriptions")
    trainers = models.TextField("intervenants (fonctions)", blank=True, help_text="Une fonction par ligne.")
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "session"
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.offer.title} — {timezone.localtime(self.starts_at):%d/%m/%Y}"

    @property
    def audience(self) -> str:
        return Audience.PROFESSIONALS

    @property
    def trainer_functions(self) -> list[str]:
        return [line.strip() for line in self.trainers.splitlines() if line.strip()]

    @property
    def where(self) -> str:
        parts = [self.place, self.address, self.commune.name if self.commune else ""]
        text = ", ".join(part for part in parts if part)
        return text or ("En ligne" if self.online_url else "")

    def count(self, status: str) -> int:
        return self.registrations.filter(status=status).count()

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.count(RegistrationStatus.CONFIRMED))

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def closed_reason(self, now: datetime.datetime | None = None) -> str:
        """Why registration is closed ('' when open): cancelled, the deadline, or places and waiting list both full."""
        if self.cancelled_at is not None:
            return "Cette session est annulée."
        if (now or timezone.now()) > self.registration_deadline:
            return "Les inscriptions à cette session sont closes (date limite dépassée)."
        if self.places_left == 0 and self.count(RegistrationStatus.WAITING) >= self.waiting_list_size:
            return "Cette session est complète, liste d'attente comprise."
        return ""

    def cancel(self, *, by: User) -> list[Registration]:
        """Cancelled by its organisers before it starts. Every registration still expecting it (to confirm, with a
        place, waiting) becomes « séance annulée », with a log line naming the status it had; returns those that
        held a place or waited, to be told (once: a second cancellation is refused)."""
        log_model = self._meta.apps.get_model("outreach", "RegistrationLog")  # registrations.py imports this module
        with transaction.atomic():
            locked = Session.objects.select_for_update().get(pk=self.pk)
            if locked.cancelled_at is not None:
                raise TransitionError("Cette session est déjà annulée.")
            if timezone.now() >= locked.starts_at:
                raise TransitionError("La session a commencé : elle ne peut plus être annulée.")
            self.cancelled_at = timezone.now()
            self.save(update_fields=["cancelled_at"])
            active = list(self.registrations.filter(status__in=ACTIVE_STATUSES).order_by("pk"))
            told = [r for r in active if r.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)]
            logs = [
                log_model(
                    registration=r,
                    action=f"statut : {r.get_status_display()} → séance annulée (session annulée par l'organisateur)",
                    user=by,
                    at=self.cancelled_at,
                )
                for r in active
            ]
            self.registrations.filter(pk__in=[r.pk for r in active]).update(status=RegistrationStatus.SESSION_CANCELLED)
            log_model.objects.bulk_create(logs)
            for registration in active:
                registration.status = RegistrationStatus.SESSION_CANCELLED
        return told


class EventQuerySet(models.QuerySet["AwarenessEvent"]):
    def for_user(self, user: User) -> EventQuerySet:
        return self.filter(managed_q(user, "offer__")).distinct()

    def upcoming(self, now: datetime.datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__gte=now or timezone.now())

    def not_cancelled(self) -> EventQuerySet:
        return self.filter(cancelled_at__isnull=True)


class AwarenessEvent(models.Model):
    """A public action without registration: a stand at a market, a talk at a senior club."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events", verbose_name="action")
    title = models.CharField("intitulé", max_length=200)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune")
    place = models.CharField("lieu", max_length=200, blank=True, help_text="Par exemple : marché, place de la mairie")
    audience = models.CharField("public", max_length=30, choices=Audience.choices, default=Audience.GENERAL)
    description = models.TextField("description", blank=True)
    public_reached = models.PositiveIntegerField("personnes touchées", null=True, blank=True)
    supports_handed_out = models.PositiveIntegerField("supports remis", null=True, blank=True)
    supports_description = models.CharField("supports", max_length=200, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "action de sensibilisation"
        verbose_name_plural = "actions de sensibilisation"
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.title} — {timezone.localtime(self.starts_at):%d/%m/%Y}"

    @property
    def where(self) -> str:
        return ", ".join(part for part in (self.place, self.commune.name) if part)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def cancel(self) -> None:
        """No registration to tell: the event leaves the agenda, and the feed marks it cancelled."""
        if self.cancelled_at is not None:
            raise TransitionError("Cette action est déjà annulée.")
        if timezone.now() >= self.starts_at:
            raise TransitionError("L'action a commencé : elle ne peut plus être annulée.")
        self.cancelled_at = timezone.now()
        self.save(update_fields=["cancelled_at"])
