"""A plan in axes and actions, and the fiche template its coordinator extends."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from django.db import models
from django.db.models import Q

from allervers.common.exceptions import TransitionError
from allervers.plan.enums import FieldKind, PlanStatus
from allervers.territories.models import FRANCE, Commune, Department

if TYPE_CHECKING:
    from allervers.accounts.models import User
    from allervers.plan.models.fiches import FicheActionQuerySet


def structure_ids_of(user: User) -> list[int]:
    return [membership.structure_id for membership in user._memberships()]


class PlanQuerySet(models.QuerySet["Plan"]):
    """`for_user` and `editable_by` are the plan's access rules (see allervers/plan/permissions.py): views fetch
    through them, so that a plan one may not read is a 404 whatever its id."""

    def public(self) -> PlanQuerySet:
        return self.filter(status__in=[PlanStatus.PUBLISHED, PlanStatus.CLOSED])

    def for_user(self, user: User) -> PlanQuerySet:
        """Plans this user reads: where its structures pilot or partner a fiche, and, for a coordinator, those of
        every department its scope reaches, wholly or in part."""
        scope = user.coordinator_scope
        if scope is not None and FRANCE in scope.zone_codes:
            return self.all()
        # A subquery rather than the user's cached memberships: a coordinator's page needs no extra query.
        structure_ids = user.memberships.values("structure_id")
        condition = Q(pk__in=Plan.objects.involving_structures(structure_ids).values("pk"))
        if scope is not None:
            reached = Commune.objects.current().filter(scope.commune_filter("")).values("department_id")
            condition |= Q(department_id__in=scope.zone_codes) | Q(department_id__in=reached)
        return self.filter(condition)

    def editable_by(self, user: User) -> PlanQuerySet:
        """Plans this user's coordination builds: its scope names their whole department, or France."""
        scope = user.coordinator_scope
        if scope is None:
            return self.none()
        if FRANCE in scope.zone_codes:
            return self.all()
        return self.filter(department_id__in=scope.zone_codes)

    def involving_structures(self, structure_ids: list[int] | models.QuerySet[Any]) -> PlanQuerySet:
        """Plans where one of these structures pilots or partners a fiche."""
        fiche_q = Q(axes__actions__fiches__pilots__in=structure_ids) | Q(
            axes__actions__fiches__partners__in=structure_ids
        )
        return self.filter(fiche_q).distinct()


_Part = TypeVar("_Part", bound=models.Model)


class PlanPartQuerySet(models.QuerySet[_Part]):
    """The rows of a plan (axes, actions, meetings...) are read and edited by whoever reads and edits their plan."""

    plan_path: ClassVar[str] = "plan"

    def for_user(self, user: User) -> Self:
        return self.filter(**{f"{self.plan_path}__in": Plan.objects.for_user(user)})

    def editable_by(self, user: User) -> Self:
        return self.filter(**{f"{self.plan_path}__in": Plan.objects.editable_by(user)})


class AxisQuerySet(PlanPartQuerySet["Axis"]):
    plan_path = "plan"


class ActionQuerySet(PlanPartQuerySet["Action"]):
    plan_path = "axis__plan"


class FicheTemplate(models.Model):
    """The model of a fiche action: the standard fields, plus the fields a coordinator adds."""

    name = models.CharField("nom du modèle", max_length=150)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name="département")

    class Meta:
        verbose_name = "modèle de fiche action"
        verbose_name_plural = "modèles de fiche action"

    def __str__(self) -> str:
        return self.name


class TemplateField(models.Model):
    template = models.ForeignKey(FicheTemplate, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField("identifiant", max_length=50, help_text="Lettres, chiffres et tirets, sans espace.")
    label = models.CharField("intitulé", max_length=150)
    kind = models.CharField("type", max_length=10, choices=FieldKind.choices, default=FieldKind.TEXT)
    choices = models.TextField("choix possibles", blank=True, help_text="Un choix par ligne (liste de choix).")
    help_text = models.CharField("aide", max_length=255, blank=True)
    required = models.BooleanField("obligatoire", default=False)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "champ du modèle de fiche"
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="template_field_key_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Plan(models.Model):
    title = models.CharField("intitulé", max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="plans", verbose_name="territoire (département)"
    )
    start_year = models.PositiveSmallIntegerField("première année")
    end_year = models.PositiveSmallIntegerField("dernière année")
    status = models.CharField("statut", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    owner = models.CharField(
        "autorité responsable", max_length=200, blank=True, help_text="Par exemple : Préfecture de l'Ain, cabinet"
    )
    summary = models.TextField("présentation", blank=True)
    template = models.ForeignKey(
        FicheTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="modèle de fiche action",
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "plan"
        ordering = ["-start_year", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="plan_period_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.period}"

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    @property
    def is_public(self) -> bool:
        return self.status in {PlanStatus.PUBLISHED, PlanStatus.CLOSED}

    def fiches(self) -> FicheActionQuerySet:
        # Through the app registry: fiches.py imports this module, not the other way round.
        fiches: FicheActionQuerySet = self._meta.apps.get_model("plan", "FicheAction").objects.filter(
            action__axis__plan=self
        )
        return fiches

    def ensure_template(self) -> FicheTemplate:
        """The plan's fiche template, created empty the first time its coordinator adds a field."""
        if self.template is None:
            self.template = FicheTemplate.objects.create(
                name=f"Modèle de fiche — {self.title}", department_id=self.department_id
            )
            self.save(update_fields=["template", "updated_at"])
        return self.template

    # Transitions ----------------------------------------------------------------------------------------------
    def publish(self) -> None:
        self._move(PlanStatus.PUBLISHED, {PlanStatus.DRAFT}, "Seul un plan en préparation peut être publié.")

    def close(self) -> None:
        self._move(PlanStatus.CLOSED, {PlanStatus.PUBLISHED}, "Seul un plan publié peut être clos.")

    def unpublish(self) -> None:
        self._move(PlanStatus.DRAFT, {PlanStatus.PUBLISHED}, "Ce plan n'est pas publié.")

    def _move(self, target: PlanStatus, sources: set[PlanStatus], message: str) -> None:
        if self.status not in sources:
            raise TransitionError(message)
        self.status = target
        self.save(update_fields=["status", "updated_at"])


class Axis(models.Model):
    """An axis (« objectif ») of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes", verbose_name="plan")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("présentation", blank=True)

    objects = AxisQuerySet.as_manager()

    class Meta:
        verbose_name = "axe"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="axis_number_unique")]

    def __str__(self) -> str:
        return f"Axe {self.number} : {self.title}"


class Action(models.Model):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="actions", verbose_name="axe")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=200)
    objectives = models.TextField("objectifs", blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action"
        ordering = ["axis__number", "number"]
        constraints = [models.UniqueConstraint(fields=["axis", "number"], name="action_number_unique")]

    def __str__(self) -> str:
        return f"Action {self.code} : {self.title}"

    @property
    def code(self) -> str:
        return f"{self.axis.number}.{self.number}"
