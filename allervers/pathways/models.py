"""Referral pathways: situations, their ordered steps, the actor roles that act, and the competence table.

A step names a role, not a structure: the role resolves, for a commune, to directory services (by network,
structure type, theme, channel and zone) or, where competence is territorial, through `CompetenceArea` rows that a
coordinator imports from CSV (see resolution.py and competences.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from allervers.directory.models import Service
from allervers.pathways.enums import Audience, CompetenceKind, ContactMode, Urgency


class ActorRole(models.Model):
    code = models.SlugField("code", max_length=60, unique=True)
    name = models.CharField("nom", max_length=150)
    competence_kind = models.CharField(
        "compétence territoriale",
        max_length=40,
        choices=CompetenceKind.choices,
        blank=True,
        help_text="Si renseignée, le rôle se résout d'abord par la table des compétences importée.",
    )
    structure_types = models.JSONField("types de structure", default=list, blank=True)
    reseaux = models.JSONField("réseaux porteurs", default=list, blank=True)
    thematiques = models.JSONField("thématiques", default=list, blank=True)
    service_kind = models.CharField("nature du service", max_length=10, blank=True)
    channel_values = models.JSONField(
        "numéros ou adresses", default=list, blank=True, help_text="Par exemple 3919, ou l'adresse d'un site officiel."
    )
    max_results = models.PositiveSmallIntegerField("nombre de contacts affichés", default=2)

    class Meta:
        verbose_name = "rôle d'acteur"
        verbose_name_plural = "rôles d'acteurs"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def uses_directory(self) -> bool:
        return bool(self.structure_types or self.reseaux or self.thematiques or self.channel_values)


class CompetenceArea(models.Model):
    """One row of the commune → competent unit table (a zone may also be an EPCI or a whole department)."""

    kind = models.CharField("compétence", max_length=40, choices=CompetenceKind.choices)
    zone_code = models.CharField("territoire", max_length=9, help_text="Code INSEE, SIREN d'EPCI ou département")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", verbose_name="unité compétente")
    source = models.CharField("source", max_length=500, blank=True)
    imported_at = models.DateTimeField("importé le", auto_now=True)

    class Meta:
        verbose_name = "compétence territoriale"
        verbose_name_plural = "compétences territoriales"
        constraints = [
            models.UniqueConstraint(fields=["kind", "zone_code", "service"], name="competence_area_unique"),
        ]
        indexes = [models.Index(fields=["kind", "zone_code"], name="competence_kind_zone")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.zone_code}"


class CompetenceUpload(models.Model):
    """One upload of the competence table: who, when, which file, what it replaced. Append-only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField("le", auto_now_add=True)
    file_name = models.CharField("fichier", max_length=255, blank=True)
    kinds = models.JSONField("compétences", default=list)
    rows = models.PositiveIntegerField("lignes importées", default=0)
    removed = models.PositiveIntegerField("lignes remplacées", default=0)

    class Meta:
        verbose_name = "import de la table des compétences"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name or 'import'} ({self.at:%d/%m/%Y})"


class SituationQuerySet(models.QuerySet["Situation"]):
    def published(self) -> SituationQuerySet:
        return self.filter(is_published=True)


def _deployment_department() -> str:
    return str(settings.ALLERVERS_DEPARTMENT_CODE)


class Situation(models.Model):
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    title = models.CharField("titre", max_length=150)
    question_label = models.CharField(
        "libellé dans l'assistant", max_length=150, help_text="En langage simple : « Des violences dans le couple »"
    )
    summary = models.TextField("résumé", help_text="Deux ou trois phrases simples, lues par le public.")
    legal_summary = models.TextField("rappels juridiques pour les professionnels", blank=True)
    thematique = models.CharField("thématique de l'annuaire", max_length=120, blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    is_published = models.BooleanField("publié", default=True)
    # Whose pathway this is: its coordinators edit it, the others read it (a zone code, as coordinator scopes use).
    territory = models.CharField(
        "territoire",
        max_length=12,
        default=_deployment_department,
        help_text="Code du département (par défaut celui de la plateforme), SIREN d'EPCI ou code INSEE de commune.",
    )
    seed_version = models.PositiveIntegerField("version des données initiales", default=0, editable=False)
    edited_in_app = models.BooleanField("modifié par la coordination", default=False, editable=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = SituationQuerySet.as_manager()

    class Meta:
        verbose_name = "situation"
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def editable_by(self, user: Any) -> bool:
        scope = getattr(user, "coordinator_scope", None)
        return scope is not None and scope.covers_zone(self.territory)

    def ordered_steps(self) -> list[Step]:
        return list(self.steps.select_related("role").order_by("position", "pk"))

    def record_change(self, *, user: Any, action: str, changes: list[dict[str, str]] | None = None) -> PathwayChange:
        """Every edit made in the coordination space leaves a line of history and protects it from the seed loader."""
        if not self.edited_in_app:
            self.edited_in_app = True
            self.save(update_fields=["edited_in_app", "updated_at"])
        else:
            self.save(update_fields=["updated_at"])
        return PathwayChange.objects.create(
            situation=self,
            user=user,
            user_label=getattr(user, "display_name", "") or str(user),
            action=action,
            changes=changes or [],
        )

    def next_position(self) -> int:
        last = self.steps.aggregate(models.Max("position"))["position__max"]
        return 1 if last is None else last + 1


class Step(models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="steps", verbose_name="situation")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    urgency = models.CharField("quand", max_length=20, choices=Urgency.choices, default=Urgency.ALWAYS)
    audience = models.CharField("pour qui", max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    role = models.ForeignKey(ActorRole, on_delete=models.PROTECT, related_name="steps", verbose_name="acteur")
    title = models.CharField("titre de l'étape", max_length=150)
    mission = models.TextField("mission de l'acteur", help_text="Une ou deux phrases.")
    contact_mode = models.CharField("comment le joindre", max_length=20, choices=ContactMode.choices)
    what_happens = models.TextField("ce qui va se passer", blank=True, help_text="En langage simple, pour le public.")
    legal_note = models.TextField("point juridique pour les professionnels", blank=True)
    sources = models.JSONField("sources", default=list, blank=True)

    class Meta:
        verbose_name = "étape"
        ordering = ["situation", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.situation} — {self.position}. {self.title}"

    def applies(self, *, danger: bool, professional: bool) -> bool:
        if self.audience == Audience.PROFESSIONALS and not professional:
            return False
        return danger or self.urgency != Urgency.DANGER


class PathwayChange(models.Model):
    """History of the coordination's edits: who, when, what (field by field)."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    user_label = models.CharField("auteur", max_length=200)
    created_at = models.DateTimeField("le", auto_now_add=True)
    action = models.CharField("action", max_length=200)
    changes = models.JSONField("modifications", default=list, blank=True)

    class Meta:
        verbose_name = "modification d'un circuit"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.situation} — {self.action}"
