"""Fiches action: content, partners from the directory, calendar, budget, status, progress and follow-up."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.directory.models import Structure
from allervers.plan.enums import FicheStatus, FundingSource, Priority
from allervers.plan.models.plan import Action, Plan, PlanPartQuerySet, structure_ids_of
from allervers.plan.progress import Node, rollup

if TYPE_CHECKING:
    from allervers.accounts.models import User

ACTIVE_STATUSES = (FicheStatus.PLANNED, FicheStatus.IN_PROGRESS, FicheStatus.LATE, FicheStatus.BLOCKED)
CLOSED_STATUSES = (FicheStatus.DONE, FicheStatus.ABANDONED)


class FicheActionQuerySet(PlanPartQuerySet["FicheAction"]):
    plan_path = "action__axis__plan"

    def editable_by(self, user: User) -> FicheActionQuerySet:
        """Every fiche of a plan its coordination builds, and the fiches its structures pilot."""
        condition = Q(action__axis__plan__in=Plan.objects.editable_by(user))
        structure_ids = structure_ids_of(user)
        if structure_ids:
            condition |= Q(pk__in=FicheAction.objects.filter(pilots__in=structure_ids).values("pk"))
        return self.filter(condition)

    def of_plan(self, plan: Plan) -> FicheActionQuerySet:
        return self.filter(action__axis__plan=plan)

    def in_plan_order(self) -> FicheActionQuerySet:
        return self.order_by("action__axis__number", "action__number", "number")

    def late(self, day: datetime.date | None = None) -> FicheActionQuerySet:
        """Marked « en retard », or past their end date without being done or abandoned."""
        day = day or timezone.localdate()
        overdue = Q(end_date__lt=day) & ~Q(status__in=[*CLOSED_STATUSES, FicheStatus.PAUSED])
        return self.filter(Q(status=FicheStatus.LATE) | overdue)

    def blocked(self) -> FicheActionQuerySet:
        return self.filter(status=FicheStatus.BLOCKED)

    def progress_by_pk(self) -> dict[int, int]:
        """Progress of every fiche of this queryset in two queries (fiches with step counts)."""
        rows = self.annotate(
            steps_total=Count("steps"), steps_done=Count("steps", filter=Q(steps__done_on__isnull=False))
        ).values_list("pk", "parent_id", "status", "weight", "steps_done", "steps_total")
        return rollup(Node(*row) for row in rows)


class FicheAction(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="fiches", verbose_name="action")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="fiche parente (sous-action de)",
    )
    number = models.CharField("numéro", max_length=20, help_text="Par exemple : 2.1.3")
    title = models.CharField("intitulé", max_length=255)
    context = models.TextField("contexte", blank=True)
    objectives = models.TextField("objectifs", blank=True)
    description = models.TextField("description de l'action", blank=True)
    target_publics = models.TextField("publics visés", blank=True)
    territory = models.CharField("territoire concerné", max_length=255, blank=True)
    pilots = models.ManyToManyField(
        Structure, blank=True, related_name="piloted_fiches", verbose_name="structures pilotes"
    )
    partners = models.ManyToManyField(
        Structure, blank=True, related_name="partnered_fiches", verbose_name="structures partenaires"
    )
    elected_referent = models.CharField(
        "élu référent (fonction)", max_length=200, blank=True, help_text="Une fonction, par exemple : maire de …"
    )
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("échéance", null=True, blank=True)
    status = models.CharField("statut", max_length=12, choices=FicheStatus.choices, default=FicheStatus.PLANNED)
    priority = models.CharField("priorité", max_length=6, choices=Priority.choices, default=Priority.MEDIUM)
    weight = models.PositiveSmallIntegerField(
        "pondération", default=1, help_text="Poids de cette fiche dans l'avancement de sa fiche parente."
    )
    linked = models.ManyToManyField("self", blank=True, verbose_name="fiches liées")
    extra_values = models.JSONField("champs complémentaires", default=dict, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = FicheActionQuerySet.as_manager()

    # Filled on first read of `progress`, emptied when the status changes or the row is reloaded.
    _progress: int | None = None

    class Meta:
        verbose_name = "fiche action"
        verbose_name_plural = "fiches action"
        ordering = ["action__axis__number", "action__number", "number"]
        constraints = [models.UniqueConstraint(fields=["action", "number"], name="fiche_number_unique")]

    def __str__(self) -> str:
        return f"Fiche {self.number} : {self.title}"

    @property
    def plan(self) -> Plan:
        return self.action.axis.plan

    @property
    def progress(self) -> int:
        """Done share in percent, from its steps and sub-actions: one query for its whole action, once per
        instance (pages needing many fiches' progress use `progress_by_pk` on their queryset instead)."""
        if self._progress is None:
            self._progress = FicheAction.objects.filter(action_id=self.action_id).progress_by_pk().get(self.pk, 0)
        return self._progress

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        self._progress = None
        super().refresh_from_db(*args, **kwargs)

    def is_late(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        overdue = self.end_date is not None and self.end_date < day
        return self.status == FicheStatus.LATE or (
            overdue and self.status not in {*CLOSED_STATUSES, FicheStatus.PAUSED}
        )

    def extra_items(self) -> list[tuple[str, Any]]:
        """(label, value) of the template's extra fields, in the template's order."""
        template = self.plan.template
        if template is None:
            return []
        return [(field.label, self.extra_values.get(field.key, "")) for field in template.fields.all()]

    # Transitions ----------------------------------------------------------------------------------------------
    def start(self) -> None:
        self._move(
            FicheStatus.IN_PROGRESS,
            {FicheStatus.PLANNED, FicheStatus.PAUSED, FicheStatus.BLOCKED, FicheStatus.LATE},
            "Seule une fiche à venir, en pause, bloquée ou en retard peut être lancée.",
        )

    def complete(self) -> None:
        self._move(
            FicheStatus.DONE,
            {FicheStatus.IN_PROGRESS, FicheStatus.LATE},
            "Seule une fiche en cours ou en retard peut être déclarée réalisée.",
        )

    def pause(self) -> None:
        self._move(
            FicheStatus.PAUSED,
            {FicheStatus.IN_PROGRESS, FicheStatus.LATE, FicheStatus.BLOCKED},
            "Seule une fiche en cours, en retard ou bloquée peut être mise en pause.",
        )

    def block(self, *, reason: str, author: str = "") -> None:
        self._move(
            FicheStatus.BLOCKED,
            {FicheStatus.PLANNED, FicheStatus.IN_PROGRESS, FicheStatus.LATE},
            "Seule une fiche à venir, en cours ou en retard peut être déclarée bloquée.",
            note=FollowUpNote(fiche=self, text=f"Fiche bloquée : {reason}", author=author),
        )

    def mark_late(self) -> None:
        self._move(
            FicheStatus.LATE,
            {FicheStatus.PLANNED, FicheStatus.IN_PROGRESS},
            "Seule une fiche à venir ou en cours peut être déclarée en retard.",
        )

    def abandon(self, *, reason: str, author: str = "") -> None:
        self._move(
            FicheStatus.ABANDONED,
            set(FicheStatus) - {FicheStatus.DONE, FicheStatus.ABANDONED},
            "Une fiche réalisée ou déjà abandonnée ne peut pas être abandonnée.",
            note=FollowUpNote(fiche=self, text=f"Fiche abandonnée : {reason}", author=author),
        )

    def reopen(self) -> None:
        self._move(
            FicheStatus.IN_PROGRESS,
            {FicheStatus.DONE, FicheStatus.ABANDONED},
            "Seule une fiche réalisée ou abandonnée peut être rouverte.",
        )

    def _move(
        self, target: FicheStatus, sources: set[FicheStatus], message: str, *, note: FollowUpNote | None = None
    ) -> None:
        """Check the source status, then save the new one and its follow-up note together or not at all."""
        if self.status not in sources:
            raise TransitionError(message)
        previous = self.status
        try:
            with transaction.atomic():
                self.status = target
                self.save(update_fields=["status", "updated_at"])
                if note is not None:
                    note.save()
        except Exception:
            self.status = previous
            raise
        self._progress = None


TRANSITIONS: dict[str, str] = {
    "start": "Lancer",
    "complete": "Déclarer réalisée",
    "pause": "Mettre en pause",
    "block": "Déclarer bloquée",
    "mark_late": "Déclarer en retard",
    "abandon": "Abandonner",
    "reopen": "Rouvrir",
}
TRANSITIONS_WITH_REASON = frozenset({"block", "abandon"})


class StepQuerySet(PlanPartQuerySet["Step"]):
    plan_path = "fiche__action__axis__plan"

    def editable_by(self, user: User) -> StepQuerySet:
        return self.filter(fiche__in=FicheAction.objects.editable_by(user))

    def pending(self) -> StepQuerySet:
        return self.filter(done_on__isnull=True)

    def due_within(self, days: int, day: datetime.date | None = None) -> StepQuerySet:
        day = day or timezone.localdate()
        return self.pending().filter(due_date__gte=day, due_date__lte=day + datetime.timedelta(days=days))


class Step(models.Model):
    """A dated milestone of a fiche, done or not."""

    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField("étape", max_length=255)
    due_date = models.DateField("date prévue", null=True, blank=True)
    done_on = models.DateField("réalisée le", null=True, blank=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = "étape"
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def mark_done(self, *, on: datetime.date | None = None) -> None:
        if self.done_on is not None:
            raise TransitionError("Cette étape est déjà réalisée.")
        self.done_on = on or timezone.localdate()
        self.save(update_fields=["done_on"])

    def mark_pending(self) -> None:
        if self.done_on is None:
            raise TransitionError("Cette étape n'est pas réalisée.")
        self.done_on = None
        self.save(update_fields=["done_on"])


class BudgetLine(models.Model):
    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField("année")
    funding_source = models.CharField("financeur", max_length=16, choices=FundingSource.choices)
    label = models.CharField("précision", max_length=200, blank=True)
    planned = models.DecimalField("prévu (€)", max_digits=12, decimal_places=2, default=Decimal(0))
    actual = models.DecimalField("dépensé (€)", max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "ligne de budget"
        ordering = ["year", "funding_source", "pk"]

    def __str__(self) -> str:
        return f"{self.year} — {self.get_funding_source_display()}"


class FollowUpNote(models.Model):
    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField("date", default=timezone.localdate)
    text = models.TextField("note de suivi")
    author = models.CharField("auteur (fonction)", max_length=200, blank=True)

    class Meta:
        verbose_name = "note de suivi"
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.written_on:%d/%m/%Y} — {self.text[:40]}"
