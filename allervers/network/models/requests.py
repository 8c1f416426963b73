"""Requests for a visit: a professional of a listed structure asks a mobile unit to come.

The operator (a member of the unit's operating structure) accepts with a date, which creates a one-off stop, proposes
another date, which the requester may accept (the stop is then created), or declines with a reason; the requester may
cancel; a request the operator leaves unanswered is closed « sans réponse » by the hourly duty. Each change is a
conditional UPDATE with its log line in the same transaction, as the hand-overs do. A request holds no personal data
about the public: a number of people, a public category, a place.
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.directory.models import Structure
from allervers.network.models.units import MobileUnit, Stop
from allervers.network.request_enums import RequesterKind, VisitAction, VisitStatus
from allervers.taxonomy import terms
from allervers.territories.models import Commune

if TYPE_CHECKING:
    from allervers.accounts.models import User

OPEN_STATUSES = (VisitStatus.SENT, VisitStatus.OTHER_DATE)
_REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def new_reference() -> str:
    """Random, so it reveals nothing and cannot be guessed: quoted on the phone and in the e-mails."""
    code = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"DP-{code[:4]}-{code[4:]}"


def answer_delay() -> datetime.timedelta:
    return datetime.timedelta(days=settings.NETWORK_REQUEST_ANSWER_DAYS)


def expiry_delay() -> datetime.timedelta:
    """From sending to the closing of a request the operator never answered (reminded, then escalated, before)."""
    return datetime.timedelta(days=settings.NETWORK_REQUEST_EXPIRY_DAYS)


class VisitRequestQuerySet(models.QuerySet["VisitRequest"]):
    def sent_by(self, user: User) -> VisitRequestQuerySet:
        """Requests of the structures the user belongs to."""
        return self.filter(structure__memberships__user=user)

    def received_by(self, user: User) -> VisitRequestQuerySet:
        """Requests to the units whose operating structure the user belongs to."""
        return self.filter(unit__structure__memberships__user=user)

    def for_user(self, user: User) -> VisitRequestQuerySet:
        """What a user may read: both sides, and coordinators whose scope covers the operating structure."""
        condition = Q(structure__memberships__user=user) | Q(unit__structure__memberships__user=user)
        scope = user.coordinator_scope
        if scope is not None:
            condition |= scope.commune_filter("unit__structure__commune__")
        return self.filter(condition).distinct()

    def open(self) -> VisitRequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now: datetime.datetime) -> VisitRequestQuerySet:
        return self.open().filter(answer_due_at__lte=now)

    def unanswered_since(self, now: datetime.datetime) -> VisitRequestQuerySet:
        """Requests still waiting for the operator's first answer past the expiry delay after sending."""
        return self.filter(status=VisitStatus.SENT, created_at__lte=now - expiry_delay())

    def with_parties(self) -> VisitRequestQuerySet:
        return self.select_related("unit", "unit__structure", "structure", "commune", "commune__epci")


class VisitRequest(models.Model):
    reference = models.CharField("référence", max_length=20, unique=True, default=new_reference, editable=False)
    unit = models.ForeignKey(
        MobileUnit, on_delete=models.PROTECT, related_name="visit_requests", verbose_name="unité mobile"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="visit_requests", verbose_name="structure qui demande"
    )
    requester_kind = models.CharField("type de structure", max_length=30, choices=RequesterKind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="demandée par"
    )
    public = models.CharField("public", max_length=80)
    public_details = models.CharField(
        "précision sur le public", max_length=200, blank=True, help_text="Par exemple : élèves de 4e, résidents."
    )
    theme = models.CharField("thème", max_length=80)
    expected_attendance = models.PositiveSmallIntegerField("nombre de personnes attendues")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune")
    place = models.CharField("lieu", max_length=200, help_text="Par exemple : cour du collège, parking du centre.")
    wished_date_1 = models.DateField("date souhaitée")
    wished_date_2 = models.DateField("autre date possible", null=True, blank=True)
    wished_date_3 = models.DateField("troisième date possible", null=True, blank=True)
    start_time = models.TimeField("heure de début souhaitée")
    end_time = models.TimeField("heure de fin souhaitée")
    message = models.TextField("précisions", blank=True)

    status = models.CharField("statut", max_length=20, choices=VisitStatus.choices, default=VisitStatus.SENT)
    decision_reason = models.TextField("motif", blank=True)
    proposed_date = models.DateField("date proposée", null=True, blank=True)
    proposed_start_time = models.TimeField("heure de début proposée", null=True, blank=True)
    proposed_end_time = models.TimeField("heure de fin proposée", null=True, blank=True)
    stop = models.ForeignKey(
        Stop, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="passage créé"
    )
    created_at = models.DateTimeField("envoyée le", default=timezone.now)
    answer_due_at = models.DateTimeField("réponse attendue avant le")
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)
    reminded_at = models.DateTimeField("relancée le", null=True, blank=True)
    escalated_at = models.DateTimeField("signalée à la coordination le", null=True, blank=True)
    is_demo = models.BooleanField("démonstration", default=False)

    objects = VisitRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de passage"
        verbose_name_plural = "demandes de passage"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "answer_due_at"], name="network_visit_status_due")]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="network_visit_times_order")
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.answer_due_at is None:
            self.answer_due_at = self.created_at + answer_delay()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("network:request", args=[self.reference])

    @property
    def wished_dates(self) -> list[datetime.date]:
        return [day for day in (self.wished_date_1, self.wished_date_2, self.wished_date_3) if day]

    @property
    def theme_label(self) -> str:
        term = terms.thematiques().get(self.theme)
        return term.label if term else self.theme

    @property
    def public_label(self) -> str:
        term = terms.publics().get(self.public)
        return term.label if term else self.public

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.answer_due_at <= timezone.now()

    @property
    def awaits_operator(self) -> bool:
        return self.status == VisitStatus.SENT

    @property
    def awaits_requester(self) -> bool:
        return self.status == VisitStatus.OTHER_DATE

    # Transitions --------------------------------------------------------------------------------------------
    def _move(
        self, *, sources: tuple[str, ...], target: str, by: User | None, action: str, detail: str = "", **values: Any
    ) -> None:
        """Change the status only if it is still one of `sources`: of two people acting at once, one wins and the
        other gets a TransitionError; the log line is written in the same transaction."""
        values["status"] = target
        with transaction.atomic():
            if not type(self).objects.filter(pk=self.pk, status__in=sources).update(**values):
                current = VisitStatus(type(self).objects.values_list("status", flat=True).get(pk=self.pk))
                raise TransitionError(
                    f"Cette action n'est plus possible : la demande est maintenant « {current.label} »"
                    " (quelqu'un a peut-être agi en même temps que vous)."
                )
            VisitEvent.record(self, by=by, action=action, detail=detail)
        for name, value in values.items():
            setattr(self, name, value)

    def _create_stop(self, day: datetime.date, start: datetime.time, end: datetime.time) -> Stop:
        note = f"Passage demandé par {self.structure.name} (demande {self.reference})"
        return Stop.create_single(self.unit, self.commune, self.place, day, start, end, note=note[:255])

    def accept(self, *, by: User | None, day: datetime.date, start: datetime.time, end: datetime.time) -> Stop:
        """The operator accepts on one day (a wished one or not) at given times: the one-off stop is created."""
        with transaction.atomic():
            self._check(VisitStatus.SENT, VisitStatus.OTHER_DATE)
            stop = self._create_stop(day, start, end)
            detail = f"passage le {day:%d/%m/%Y}, {start:%H:%M}–{end:%H:%M}"
            self._move(
                sources=OPEN_STATUSES,
                target=VisitStatus.ACCEPTED,
                by=by,
                action=VisitAction.ACCEPTED,
                detail=detail,
                stop=stop,
                answered_at=timezone.now(),
            )
        return stop

    def propose(self, *, by: User, day: datetime.date, start: datetime.time, end: datetime.time, reason: str) -> None:
        """The operator proposes another date; the requester now has the answer delay to take it."""
        now = timezone.now()
        self._move(
            sources=(VisitStatus.SENT,),
            target=VisitStatus.OTHER_DATE,
            by=by,
            action=VisitAction.PROPOSED,
            detail=f"le {day:%d/%m/%Y}, {start:%H:%M}–{end:%H:%M}",
            proposed_date=day,
            proposed_start_time=start,
            proposed_end_time=end,
            decision_reason=reason,
            answered_at=now,
            answer_due_at=now + answer_delay(),
            reminded_at=None,
            escalated_at=None,
        )

    def take_proposal(self, *, by: User) -> Stop:
        """The requester takes the proposed date: the stop is created on it."""
        with transaction.atomic():
            self._check(VisitStatus.OTHER_DATE)
            assert self.proposed_date and self.proposed_start_time and self.proposed_end_time
            stop = self._create_stop(self.proposed_date, self.proposed_start_time, self.proposed_end_time)
            self._move(
                sources=(VisitStatus.OTHER_DATE,),
                target=VisitStatus.ACCEPTED,
                by=by,
                action=VisitAction.PROPOSAL_ACCEPTED,
                detail=f"passage le {self.proposed_date:%d/%m/%Y}",
                stop=stop,
            )
        return stop

    def decline(self, *, by: User | None, reason: str) -> None:
        if not reason.strip():
            raise TransitionError("Indiquez le motif du refus : il est transmis à la structure qui demande.")
        self._move(
            sources=OPEN_STATUSES,
            target=VisitStatus.DECLINED,
            by=by,
            action=VisitAction.DECLINED,
            decision_reason=reason.strip(),
            answered_at=timezone.now(),
        )

    def cancel(self, *, by: User, reason: str = "") -> None:
        """The requester withdraws; an accepted visit's stop date is cancelled (the unit's pages say so)."""
        if self.stop is not None and self.stop.dtstart < timezone.localdate():
            raise TransitionError("Le passage a déjà eu lieu : il ne peut plus être annulé.")
        with transaction.atomic():
            self._move(
                sources=(*OPEN_STATUSES, VisitStatus.ACCEPTED),
                target=VisitStatus.CANCELLED,
                by=by,
                action=VisitAction.CANCELLED,
                detail=reason.strip(),
            )
            if self.stop is not None:
                self.stop.cancel(self.stop.dtstart, reason="Annulé par la structure qui l'avait demandé")

    def expire(self) -> None:
        """The operator never answered: the platform closes the request « sans réponse » (a finished request, purged
        like the others). Only a request still « envoyée »: an answer given meanwhile wins."""
        self._move(
            sources=(VisitStatus.SENT,),
            target=VisitStatus.EXPIRED,
            by=None,
            action=VisitAction.EXPIRED,
            detail=f"sans réponse {settings.NETWORK_REQUEST_EXPIRY_DAYS} jours après l'envoi",
        )

    def _check(self, *sources: str) -> None:
        current = type(self).objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
        if current not in sources:
            raise TransitionError(
                f"Cette action n'est plus possible : la demande est maintenant « {VisitStatus(current).label} »."
            )

    def stamp(self, field_name: str, now: datetime.datetime, *, action: str) -> bool:
        """Set a reminder timestamp once, with its log line: of two runs at the same time, only one goes on."""
        with transaction.atomic():
            done = type(self).objects.filter(pk=self.pk, **{f"{field_name}__isnull": True}, status=self.status)
            if not done.update(**{field_name: now}):
                return False
            VisitEvent.record(self, by=None, action=action)
        setattr(self, field_name, now)
        return True


class VisitEvent(models.Model):
    """One line of a request's history: who (their function), when, what."""

    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="events", verbose_name="demande")
    at = models.DateTimeField("le", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="par"
    )
    actor_label = models.CharField("par (fonction)", max_length=200, blank=True)
    action = models.CharField("action", max_length=30, choices=VisitAction.choices)
    detail = models.TextField("détail", blank=True)

    class Meta:
        verbose_name = "étape de demande de passage"
        verbose_name_plural = "étapes de demande de passage"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} — {self.get_action_display()}"

    @classmethod
    def record(cls, request: VisitRequest, *, by: User | None, action: str, detail: str = "") -> VisitEvent:
        label = by.display_name if by is not None else "la plateforme"
        return cls.objects.create(request=request, actor=by, actor_label=label, action=action, detail=detail)
