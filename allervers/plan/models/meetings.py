"""Working groups, their meetings and the « relevé de décisions »."""

from __future__ import annotations

from django.db import models

from allervers.common.exceptions import TransitionError
from allervers.directory.models import Structure
from allervers.plan.enums import DecisionStatus, ParticipantRole
from allervers.plan.models.fiches import FicheAction
from allervers.plan.models.plan import Action, Axis, Plan, PlanPartQuerySet


class WorkingGroupQuerySet(PlanPartQuerySet["WorkingGroup"]):
    plan_path = "plan"


class MeetingQuerySet(PlanPartQuerySet["Meeting"]):
    plan_path = "group__plan"


class DecisionQuerySet(PlanPartQuerySet["Decision"]):
    plan_path = "meeting__group__plan"


class WorkingGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="working_groups", verbose_name="plan")
    axis = models.ForeignKey(
        Axis, on_delete=models.SET_NULL, null=True, blank=True, related_name="working_groups", verbose_name="axe"
    )
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=200)
    objective = models.TextField("objectif", blank=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = "groupe de travail"
        verbose_name_plural = "groupes de travail"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="working_group_number_unique")]

    def __str__(self) -> str:
        return f"Groupe de travail n°{self.number} : {self.title}"


class Meeting(models.Model):
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name="groupe de travail"
    )
    held_on = models.DateField("date")
    title = models.CharField("objet", max_length=255)
    agenda = models.TextField("ordre du jour", blank=True)
    summary = models.TextField("synthèse des échanges", blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "réunion"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def chairs(self) -> list[Participant]:
        return [p for p in self.participants.all() if p.role == ParticipantRole.CHAIR]

    @property
    def attendees(self) -> list[Participant]:
        return [p for p in self.participants.all() if p.role == ParticipantRole.ATTENDEE]


class Participant(models.Model):
    """Who sat at a meeting: a structure of the directory (or an institution outside it) and a function.

    Never a person's name: minutes are shared widely and people change posts.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField("qualité", max_length=10, choices=ParticipantRole.choices, default=ParticipantRole.ATTENDEE)
    structure = models.ForeignKey(
        Structure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="structure"
    )
    organisation = models.CharField(
        "institution", max_length=200, blank=True, help_text="Si elle n'est pas dans l'annuaire."
    )
    function = models.CharField("fonction", max_length=255)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "participant"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.function} — {self.organisation_name}"

    @property
    def organisation_name(self) -> str:
        return self.structure.name if self.structure else self.organisation


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name="réunion")
    number = models.PositiveSmallIntegerField("numéro")
    text = models.TextField("décision")
    actions = models.ManyToManyField(Action, blank=True, related_name="decisions", verbose_name="actions concernées")
    fiches = models.ManyToManyField(
        FicheAction, blank=True, related_name="decisions", verbose_name="fiches action concernées"
    )
    follow_up_by = models.CharField("suivi par (fonction)", max_length=255, blank=True)
    due_date = models.DateField("échéance", null=True, blank=True)
    status = models.CharField("état", max_length=6, choices=DecisionStatus.choices, default=DecisionStatus.OPEN)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "décision"
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique")]

    def __str__(self) -> str:
        return f"Décision {self.number} du {self.meeting.held_on:%d/%m/%Y}"

    def settle(self) -> None:
        if self.status != DecisionStatus.OPEN:
            raise TransitionError("Cette décision est déjà soldée.")
        self.status = DecisionStatus.DONE
        self.save(update_fields=["status"])
