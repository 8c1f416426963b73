"""A survey, its questions, its invitation codes, its answers and the population margins that weight them.

Answers carry no identity: no IP, browser, account or time finer than the day; profile answers are stored as the
census bands (sexe, age band, commune) the weighting needs, never the exact age.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.surveys.enums import Channel, Collection, Family, LogKind, SurveyStatus

if TYPE_CHECKING:
    from allervers.accounts.models import User

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed from a letter


def default_threshold() -> int:
    """A new survey's disclosure threshold: the SURVEYS_THRESHOLD setting if a deployment sets one, else 11."""
    from allervers.surveys.estimation import DEFAULT_THRESHOLD

    return int(getattr(settings, "SURVEYS_THRESHOLD", DEFAULT_THRESHOLD))


class SurveyQuerySet(models.QuerySet["Survey"]):
    def editable_by(self, user: User) -> SurveyQuerySet:
        """Surveys of the departments this coordinator's scope names wholly (or all, for a national scope)."""
        from allervers.territories.models import FRANCE

        scope = user.coordinator_scope
        if scope is None:
            return self.none()
        if FRANCE in scope.zone_codes:
            return self.all()
        return self.filter(department_id__in=scope.zone_codes)

    def published(self) -> SurveyQuerySet:
        return self.filter(status=SurveyStatus.PUBLISHED)

    def collecting(self) -> SurveyQuerySet:
        return self.filter(status=SurveyStatus.OPEN)


class Survey(models.Model):
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse", max_length=80, unique=True)
    organiser = models.CharField("organisateur (CLSPD, CISPD…)", max_length=200)
    department = models.ForeignKey(
        "territories.Department", on_delete=models.PROTECT, related_name="+", verbose_name="département"
    )
    territory = models.CharField("territoire couvert", max_length=200)
    starts_on = models.DateField("début de la collecte")
    ends_on = models.DateField("fin de la collecte")
    reference_period = models.CharField("période de référence", max_length=100, default="au cours des 12 derniers mois")
    legal_notice = models.TextField("mentions légales")
    collection = models.CharField("collecte", max_length=12, choices=Collection.choices, default=Collection.INVITATION)
    invited = models.PositiveIntegerField("personnes invitées", default=0)
    threshold = models.PositiveSmallIntegerField("seuil de diffusion (répondants par case)", default=default_threshold)
    margins_source = models.CharField("source des marges", max_length=300, blank=True)
    margins_illustrative = models.BooleanField("marges illustratives (pas une source officielle)", default=False)
    synthetic = models.BooleanField("réponses synthétiques (démonstration)", default=False)
    status = models.CharField("état", max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "enquête de victimation"
        verbose_name_plural = "enquêtes de victimation"
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title

    def _move(self, allowed: tuple[str, ...], target: SurveyStatus, by: User | None) -> None:
        """Check the starting state on the locked row, move, and write the log in the same transaction."""
        with transaction.atomic():
            current = Survey.objects.select_for_update().get(pk=self.pk).status
            if current not in allowed:
                self.status = current
                raise TransitionError(f"L'enquête est « {self.get_status_display()} » : action impossible.")
            self.status = target
            self.save(update_fields=["status"])
            SurveyLog.objects.create(
                survey=self,
                survey_number=self.pk,
                survey_title=self.title,
                department_id=self.department_id,
                from_status=current,
                to_status=target,
                user=by,
            )

    def open(self, *, by: User | None = None) -> None:
        if not self.questions.asked().exists():
            raise TransitionError("Ajoutez au moins une question avant d'ouvrir la collecte.")
        self._move((SurveyStatus.DRAFT,), SurveyStatus.OPEN, by)

    def close(self, *, by: User | None = None) -> None:
        self._move((SurveyStatus.OPEN,), SurveyStatus.CLOSED, by)

    def publish(self, *, by: User | None = None) -> None:
        if not self.margins.exists():
            raise TransitionError("Saisissez ou importez les marges de la population avant de publier.")
        self._move((SurveyStatus.CLOSED,), SurveyStatus.PUBLISHED, by)

    def unpublish(self, *, by: User | None = None) -> None:
        self._move((SurveyStatus.PUBLISHED,), SurveyStatus.CLOSED, by)

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT

    @property
    def deletable(self) -> bool:
        """A draft, or a closed collection (its answers go with it); never while collecting or published."""
        return self.status in (SurveyStatus.DRAFT, SurveyStatus.CLOSED)

    def delete_logged(self, *, by: User | None = None) -> SurveyLog:
        """Deletes the survey with its questions, codes and answers, checked on the locked row; what is left is a log
        line (who, when, its title and counts, no answer), which its older log lines keep company."""
        with transaction.atomic():
            current = Survey.objects.select_for_update().get(pk=self.pk)
            if not current.deletable:
                raise TransitionError(
                    f"L'enquête est « {current.get_status_display()} » : closez la collecte ou retirez la "
                    "publication avant de la supprimer."
                )
            responses = self.responses.count()
            paper = self.responses.filter(channel=Channel.PAPER).count()
            counts = [
                f"{self.questions.count()} questions",
                f"{responses} réponses" + (f" (dont {paper} sur papier)" if paper else ""),
                f"{self.invitations.count()} codes d'invitation",
                f"{self.margins.count()} marges",
            ]
            log = SurveyLog.objects.create(
                survey=self,
                kind=LogKind.DELETION,
                survey_number=self.pk,
                survey_title=current.title,
                department_id=current.department_id,
                from_status=current.status,
                detail=", ".join(counts),
                user=by,
            )
            self.delete()
        log.refresh_from_db()
        return log

    def check_draft(self) -> None:
        if not self.is_draft:
            raise TransitionError(
                f"L'enquête est « {self.get_status_display()} » : ses questions et sa description ne changent "
                "plus (seulement au brouillon)."
            )

    def margins_dict(self) -> dict[str, dict[str, float]]:
        margins: dict[str, dict[str, float]] = {}
        for margin in self.margins.all():
            margins.setdefault(margin.variable, {})[margin.modality] = float(margin.count)
        return margins

    @transaction.atomic
    def replace_margins(self, margins: dict[str, dict[str, float]], source: str, *, illustrative: bool) -> int:
        self.margins.all().delete()
        rows = [
            Margin(survey=self, variable=variable, modality=modality, count=Decimal(repr(round(float(count), 3))))
            for variable, counts in margins.items()
            for modality, count in counts.items()
        ]
        Margin.objects.bulk_create(rows)
        self.margins_source, self.margins_illustrative = source, illustrative
        self.save(update_fields=["margins_source", "margins_illustrative"])
        return len(rows)

    def issue_codes(self, count: int) -> list[str]:
        codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(8)) for _ in range(count)]
        Invitation.objects.bulk_create([Invitation(survey=self, code=code) for code in codes], ignore_conflicts=True)
        self.invited = self.invitations.count()
        self.save(update_fields=["invited"])
        return codes


class QuestionQuerySet(models.QuerySet["Question"]):
    def asked(self) -> QuestionQuerySet:
        """The questions this survey asks: library questions the coordination disabled are left out."""
        return self.filter(enabled=True)


class Question(models.Model):
    """A yes/no question (or a profile question), shown only when its condition holds."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name="enquête")
    code = models.SlugField("code", max_length=40)
    family = models.CharField("famille", max_length=15, choices=Family.choices)
    text = models.CharField("question", max_length=300)
    help_text = models.CharField("précision", max_length=300, blank=True)
    page = models.PositiveSmallIntegerField("page", default=1)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    sensitive = models.BooleanField("question sur des violences (réponse facultative, signalée)", default=False)
    shown_if = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="posée si « oui » à"
    )
    indicator = models.BooleanField("indicateur principal", default=False)
    national_reference = models.ForeignKey(
        "NationalFigure", on_delete=models.SET_NULL, null=True, blank=True, verbose_name="chiffre national comparable"
    )
    enabled = models.BooleanField("posée dans cette enquête", default=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "question"
        ordering = ["page", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="surveys_question_code_unique")]

    def __str__(self) -> str:
        return self.text

    def is_relevant(self, answers: dict[str, Any]) -> bool:
        return self.shown_if_id is None or answers.get(self.shown_if.code if self.shown_if else "") is True

    @property
    def from_library(self) -> bool:
        return self.family != Family.CUSTOM

    def dependants(self) -> QuestionQuerySet:
        return Question.objects.filter(shown_if=self)

    def set_enabled(self, enabled: bool) -> None:
        """A library question is disabled rather than deleted: the survey stays comparable with the others."""
        self.survey.check_draft()
        if not enabled and self.dependants().asked().exists():
            raise TransitionError(
                "D'autres questions ne sont posées qu'après un « oui » à celle-ci : désactivez-les d'abord."
            )
        if enabled and self.shown_if is not None and not self.shown_if.enabled:
            raise TransitionError(f"Réactivez d'abord la question « {self.shown_if.code} » dont elle dépend.")
        self.enabled = enabled
        self.save(update_fields=["enabled"])

    def remove(self) -> None:
        """An added question is deleted (in draft only); a library question is only disabled."""
        self.survey.check_draft()
        if self.from_library:
            raise TransitionError("Une question de la bibliothèque ne se supprime pas : désactivez-la.")
        if self.dependants().exists():
            raise TransitionError("D'autres questions dépendent de celle-ci : supprimez-les ou modifiez-les d'abord.")
        self.delete()


class NationalFigure(models.Model):
    """A national VRS/CVS figure with its source: only what a public SSMSI publication states."""

    label = models.CharField("indicateur", max_length=300)
    share = models.DecimalField("part (%)", max_digits=5, decimal_places=1)
    year = models.PositiveSmallIntegerField("année de référence")
    source = models.CharField("source", max_length=300)
    url = models.URLField("adresse de la source")
    read_on = models.DateField("lu le")

    class Meta:
        verbose_name = "chiffre national"

    def __str__(self) -> str:
        return f"{self.label} ({self.year})"


class Invitation(models.Model):
    """A code printed on a letter: one answer per code. Which code went to which address is never stored."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name="enquête")
    code = models.CharField("code", max_length=12)
    used_on = models.DateField("utilisé le", null=True, blank=True)

    class Meta:
        verbose_name = "code d'invitation"
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="surveys_invitation_code_unique")]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One person's answers. Nothing links it to its invitation code, and the day is its finest time."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name="enquête")
    collected_on = models.DateField("jour", default=timezone.localdate)
    channel = models.CharField("canal", max_length=6, choices=Channel.choices, default=Channel.WEB)
    commune = models.CharField("commune (code INSEE)", max_length=5)
    sexe = models.CharField("sexe", max_length=1)
    age_groupe = models.CharField("tranche d'âge", max_length=12)
    answers = models.JSONField("réponses", default=dict)
    # The random nonce of the signed form that carried it: the same form is never saved twice.
    form_nonce = models.CharField("jeton du formulaire", max_length=32, unique=True)

    class Meta:
        verbose_name = "réponse"

    def __str__(self) -> str:
        return f"réponse du {self.collected_on:%d/%m/%Y}"


class SurveyLogQuerySet(models.QuerySet["SurveyLog"]):
    def visible_to(self, user: User) -> SurveyLogQuerySet:
        """The log lines of the departments whose surveys this coordinator edits (their deleted surveys included)."""
        from allervers.territories.models import FRANCE

        scope = user.coordinator_scope
        if scope is None:
            return self.none()
        if FRANCE in scope.zone_codes:
            return self.all()
        return self.filter(department_id__in=scope.zone_codes)

    def deletions(self) -> SurveyLogQuerySet:
        return self.filter(kind=LogKind.DELETION)


class SurveyLog(models.Model):
    """Each change of a survey's state, and its deletion, who made it and when: written in the transition's own
    transaction. A deleted survey's lines stay (the survey link is emptied), with its title and department copied,
    and the deletion's line holds its counts; never an answer."""

    survey = models.ForeignKey(
        Survey, on_delete=models.SET_NULL, null=True, blank=True, related_name="logs", verbose_name="enquête"
    )
    kind = models.CharField("type", max_length=10, choices=LogKind.choices, default=LogKind.TRANSITION)
    # Copies of what the survey link said, so that the lines of a deleted survey still read (and group) together.
    survey_number = models.PositiveIntegerField("numéro de l'enquête", null=True, blank=True)
    survey_title = models.CharField("titre de l'enquête", max_length=200, blank=True)
    department = models.ForeignKey(
        "territories.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="département",
    )
    from_status = models.CharField("état de départ", max_length=10, choices=SurveyStatus.choices)
    to_status = models.CharField("nouvel état", max_length=10, choices=SurveyStatus.choices, blank=True)
    detail = models.CharField("détail", max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    at = models.DateTimeField("le", default=timezone.now)

    objects = SurveyLogQuerySet.as_manager()

    class Meta:
        verbose_name = "journal d'enquête"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        if self.kind == LogKind.DELETION:
            return f"supprimée (était « {self.get_from_status_display()} »)"
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Margin(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="margins", verbose_name="enquête")
    variable = models.CharField("variable", max_length=12)  # sexe, age_groupe, commune or epci
    modality = models.CharField("modalité", max_length=20)
    # An effectif or a share, as the table gives it: INSEE's census counts carry decimals (they are weighted).
    count = models.DecimalField("effectif", max_digits=12, decimal_places=3, validators=[MinValueValidator(Decimal(0))])

    class Meta:
        verbose_name = "marge"
        ordering = ["variable", "modality"]
        constraints = [models.UniqueConstraint(fields=["survey", "variable", "modality"], name="surveys_margin_unique")]

    def __str__(self) -> str:
        return f"{self.variable} = {self.modality} : {self.count}"
