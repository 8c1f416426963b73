"""Partnership agreements (conventions, protocols, charters) between structures of the directory.

An agreement belongs to a department (the plan's territory, for the indicators). Coordinators whose scope covers
that department, or the commune of one of its party structures, read and edit it; members of a party structure
read it (and download its signed document) without editing. For anyone else it does not exist (404).
"""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from allervers.agreements.documents import agreement_storage, document_path
from allervers.agreements.enums import (
    AgreementKind,
    AgreementStatus,
    LogAction,
    PartyRole,
    ReminderKind,
    Renewal,
)
from allervers.common.exceptions import TransitionError
from allervers.directory.models import Structure
from allervers.territories.models import FRANCE, REGION_PREFIX, Department

if TYPE_CHECKING:
    from allervers.accounts.models import User

ENDING_SOON_DAYS = 90


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_of_term(start: datetime.date, months: int) -> datetime.date:
    """Last day of a term of `months` starting on `start`: a one-year convention signed on 15 January 2025 runs
    until 14 January 2026 included."""
    return add_months(start, months) - datetime.timedelta(days=1)


def covered_departments(user: User) -> list[str]:
    """The departments a coordinator's scope holds whole: listed, inside a listed region, or all (france)."""
    scope = user.coordinator_scope
    if scope is None:
        return []
    codes = set(scope.zone_codes)
    departments = Department.objects.all()
    if FRANCE not in codes:
        regions = [code.removeprefix(REGION_PREFIX) for code in codes if code.startswith(REGION_PREFIX)]
        departments = departments.filter(Q(code__in=codes) | Q(region_id__in=regions))
    return list(departments.values_list("code", flat=True))


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def coordinated_by(self, user: User) -> AgreementQuerySet:
        """Coordinators of the agreement's department, or of the commune of one of its party structures, and its
        responsible coordinator."""
        scope = user.coordinator_scope
        if scope is None:
            return self.none()
        condition = Q(department_id__in=covered_departments(user)) | Q(responsible=user)
        condition |= Q(pk__in=Party.objects.filter(scope.commune_filter("structure__commune__")).values("agreement"))
        return self.filter(condition)

    def for_user(self, user: User) -> AgreementQuerySet:
        """What the user may read: coordinated agreements, and those of which one of their structures is a party."""
        member_of = Party.objects.filter(structure__memberships__user=user).values("agreement")
        coordinated = self.coordinated_by(user).values("pk")
        return self.filter(Q(pk__in=member_of) | Q(pk__in=coordinated))

    def editable_by(self, user: User) -> AgreementQuerySet:
        return self.coordinated_by(user)

    def of_structure(self, structure: Structure) -> AgreementQuerySet:
        return self.filter(parties__structure=structure).distinct()

    def ending_between(self, first: datetime.date, last: datetime.date) -> AgreementQuerySet:
        return self.filter(status=AgreementStatus.SIGNED, end_date__gte=first, end_date__lte=last)

    def ending_soon(self, today: datetime.date | None = None) -> AgreementQuerySet:
        today = today or timezone.localdate()
        return self.ending_between(today, today + datetime.timedelta(days=ENDING_SOON_DAYS))


class Agreement(models.Model):
    kind = models.CharField("type", max_length=12, choices=AgreementKind.choices, default=AgreementKind.CONVENTION)
    title = models.CharField("intitulé", max_length=200)
    purpose = models.TextField("objet")
    theme = models.CharField(
        "thématique", max_length=120, blank=True, help_text="Thématique de l'annuaire, si l'une convient."
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name="département")
    status = models.CharField(
        "statut", max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT, editable=False
    )
    signature_date = models.DateField("date de signature", null=True, blank=True, editable=False)
    duration_months = models.PositiveSmallIntegerField("durée (mois)", null=True, blank=True)
    end_date = models.DateField("date d'échéance", null=True, blank=True)
    renewal = models.CharField("reconduction", max_length=10, choices=Renewal.choices, default=Renewal.NONE)
    notice_months = models.PositiveSmallIntegerField(
        "préavis de dénonciation (mois)",
        null=True,
        blank=True,
        help_text="Laisser vide si la convention n'en dit rien.",
    )
    terminated_on = models.DateField("dénoncée le", null=True, blank=True, editable=False)
    termination_reason = models.TextField("motif de la dénonciation", blank=True, editable=False)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="coordinateur référent",
        help_text="Reçoit les rappels d'échéance ; à défaut, la coordination du département.",
    )
    fiches = models.ManyToManyField(
        "plan.FicheAction", blank=True, related_name="agreements", verbose_name="fiches action du plan"
    )
    # The signed document: in a private storage (never under a public URL), served by a view that checks access.
    document = models.FileField(
        "document signé", storage=agreement_storage, upload_to=document_path, blank=True, editable=False
    )
    document_size = models.PositiveIntegerField("taille du document", null=True, blank=True, editable=False)
    document_uploaded_at = models.DateTimeField("document déposé le", null=True, blank=True, editable=False)
    is_demo = models.BooleanField("démonstration", default=False, editable=False)
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = "convention ou protocole"
        verbose_name_plural = "conventions et protocoles"
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["status", "end_date"], name="agreement_status_end")]

    def __str__(self) -> str:
        return self.title

    @property
    def theme_label(self) -> str:
        from allervers.taxonomy import terms

        term = terms.thematiques().get(self.theme)
        return term.label if term else ""

    @property
    def computed_end_date(self) -> datetime.date | None:
        if self.signature_date is None or not self.duration_months:
            return None
        return end_of_term(self.signature_date, self.duration_months)

    def days_left(self, today: datetime.date | None = None) -> int | None:
        if self.end_date is None:
            return None
        return (self.end_date - (today or timezone.localdate())).days

    def structure_parties(self) -> list[Party]:
        return [party for party in self.parties.all() if party.structure_id is not None]

    # Transitions --------------------------------------------------------------------------------------------
    def _move(self, *, sources: tuple[str, ...], target: str, by: User | None, detail: str, **values: Any) -> None:
        """A conditional UPDATE on the status: of two people acting at once, one wins and the other gets a
        TransitionError; the change and its log line are written in one transaction."""
        values["status"] = target
        with transaction.atomic():
            if not type(self).objects.filter(pk=self.pk, status__in=sources).update(**values):
                current = type(self).objects.values_list("status", flat=True).get(pk=self.pk)
                raise TransitionError(
                    "Cette action n'est pas possible : la convention est maintenant "
                    f"« {AgreementStatus(current).label} »."
                )
            AgreementLog.record(self, user=by, action=LogAction.STATUS, detail=detail)
        for name, value in values.items():
            setattr(self, name, value)

    def sign(self, *, by: User | None, signed_on: datetime.date) -> None:
        """En projet → signée. The end date follows from the duration when there is one; without a duration, an
        end date entered beforehand stays (an open-ended agreement has neither)."""
        if signed_on > timezone.localdate():
            raise TransitionError("La date de signature ne peut pas être dans le futur.")
        end = end_of_term(signed_on, self.duration_months) if self.duration_months else self.end_date
        if end is not None and end < signed_on:
            raise TransitionError("La date d'échéance est antérieure à la date de signature.")
        self._move(
            sources=(AgreementStatus.DRAFT,),
            target=AgreementStatus.SIGNED,
            by=by,
            detail=f"signée le {signed_on:%d/%m/%Y}",
            signature_date=signed_on,
            end_date=end,
        )

    def terminate(self, *, by: User | None, on: datetime.date, reason: str) -> None:
        """Signée → dénoncée (by one of the parties, with its reason)."""
        if self.signature_date is not None and on < self.signature_date:
            raise TransitionError("La date de dénonciation est antérieure à la signature.")
        self._move(
            sources=(AgreementStatus.SIGNED,),
            target=AgreementStatus.TERMINATED,
            by=by,
            detail=f"dénoncée le {on:%d/%m/%Y}",
            terminated_on=on,
            termination_reason=reason,
        )

    def renew(self, *, by: User | None) -> None:
        """Signée → signée for one more term (express renewal, decided by the parties before the end date)."""
        if self.end_date is None or not self.duration_months:
            raise TransitionError("Sans durée ni échéance, la convention n'a pas de terme à reconduire.")
        end = end_of_term(self.end_date + datetime.timedelta(days=1), self.duration_months)
        self._move(
            sources=(AgreementStatus.SIGNED,),
            target=AgreementStatus.SIGNED,
            by=by,
            detail=f"reconduite jusqu'au {end:%d/%m/%Y}",
            end_date=end,
        )

    def expire(self, *, today: datetime.date) -> None:
        """Signée → expirée, once past its end date (the expiry duty; a tacit renewal is renewed instead)."""
        if self.end_date is None or self.end_date >= today:
            raise TransitionError("La convention n'est pas arrivée à échéance.")
        self._move(
            sources=(AgreementStatus.SIGNED,),
            target=AgreementStatus.EXPIRED,
            by=None,
            detail=f"expirée le {self.end_date + datetime.timedelta(days=1):%d/%m/%Y}",
        )

    def renew_tacitly(self, *, today: datetime.date) -> None:
        """A tacit renewal past its end date: as many terms as needed to reach today."""
        if self.renewal != Renewal.TACIT or self.end_date is None or not self.duration_months:
            raise TransitionError("Cette convention ne se reconduit pas tacitement.")
        end = self.end_date
        while end < today:
            end = end_of_term(end + datetime.timedelta(days=1), self.duration_months)
        self._move(
            sources=(AgreementStatus.SIGNED,),
            target=AgreementStatus.SIGNED,
            by=None,
            detail=f"reconduite tacitement jusqu'au {end:%d/%m/%Y}",
            end_date=end,
        )


class Party(models.Model):
    """A party: a structure of the directory, or (for an actor outside it) a name written as the agreement has it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name="structure de l'annuaire",
    )
    name = models.CharField(
        "ou nom (hors annuaire)", max_length=200, blank=True, help_text="Par exemple : Agence régionale de santé"
    )
    role = models.CharField("rôle", max_length=12, choices=PartyRole.choices, default=PartyRole.SIGNATORY)
    role_label = models.CharField(
        "précision du rôle", max_length=200, blank=True, help_text="Par exemple : parquet, établissement de santé"
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "partie"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(structure__isnull=False) | ~Q(name=""), name="agreement_party_structure_or_name"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.structure.name if self.structure is not None else self.name


class AgreementLog(models.Model):
    """What happened to an agreement, and who did it (by function and address, as the hand-overs' log)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    user_label = models.CharField("qui", max_length=300)
    action = models.CharField("action", max_length=16, choices=LogAction.choices)
    detail = models.CharField("précision", max_length=200, blank=True)
    created_at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "historique d'une convention"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.get_action_display()}"

    @classmethod
    def record(cls, agreement: Agreement, *, user: User | None, action: str, detail: str = "") -> AgreementLog:
        label = "traitement automatique" if user is None else f"{user.display_name} <{user.email}>"
        return cls.objects.create(agreement=agreement, user=user, user_label=label, action=action, detail=detail)


class Reminder(models.Model):
    """A reminder sent before an end date: one per agreement, kind and end date (a renewal moves the end date and
    so re-arms the reminders)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("rappel", max_length=2, choices=ReminderKind.choices)
    end_date = models.DateField("échéance rappelée")
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)
    recipients = models.PositiveSmallIntegerField("destinataires", default=0)

    class Meta:
        verbose_name = "rappel d'échéance"
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind", "end_date"], name="agreement_reminder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.get_kind_display()}"
