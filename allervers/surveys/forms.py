"""Forms of the questionnaire (one page of it, or all of it for a paper answer) and of the coordination."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from allervers.surveys.csvfiles import FileError, decode, read_margins
from allervers.surveys.estimation import age_band
from allervers.surveys.models import Question, Survey

ANSWER_CHOICES = [("oui", "Oui"), ("non", "Non"), ("", "Je préfère ne pas répondre")]
SEXE_CHOICES = [("F", "Femme"), ("H", "Homme")]


class AnswersForm(DsfrBaseForm):
    """Yes/no questions, none compulsory: « Je préfère ne pas répondre » is always allowed, without penalty."""

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        profile: bool,
        communes: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.code] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                required=False,
            )
        if profile:
            self.fields["sexe"] = forms.ChoiceField(label="Vous êtes", choices=SEXE_CHOICES, widget=forms.RadioSelect)
            self.fields["age"] = forms.IntegerField(label="Votre âge (en années)", min_value=18, max_value=120)
            self.fields["commune"] = forms.ChoiceField(
                label="Votre commune", choices=[("", "Choisir")] + list(communes)
            )

    def clean_age(self) -> int:
        age = self.cleaned_data["age"]
        age_band(age)
        return int(age)

    def answers(self) -> dict[str, bool | None]:
        values = {question.code: self.cleaned_data.get(question.code, "") for question in self.questions}
        return {code: (None if value == "" else value == "oui") for code, value in values.items()}


class InvitationForm(DsfrBaseForm):
    code = forms.CharField(label="Code d'invitation (sur votre courrier)", max_length=12)

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper().replace(" ", "")


class SurveyForm(DsfrBaseForm, forms.ModelForm[Survey]):
    class Meta:
        model = Survey
        fields = [
            "title",
            "slug",
            "organiser",
            "department",
            "territory",
            "starts_on",
            "ends_on",
            "reference_period",
            "legal_notice",
            "collection",
            "threshold",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "legal_notice": forms.Textarea(attrs={"rows": 5}),
        }


class QuestionForm(DsfrBaseForm, forms.ModelForm[Question]):
    class Meta:
        model = Question
        fields = ["code", "text", "help_text", "page", "sensitive", "shown_if", "indicator"]

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.survey = survey
        shown_if = self.fields["shown_if"]
        assert isinstance(shown_if, forms.ModelChoiceField)
        shown_if.queryset = survey.questions.all()

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if self.instance.survey.questions.filter(code=code).exists():
            raise ValidationError("Une question de cette enquête a déjà ce code.")
        return str(code)


class MarginsForm(DsfrBaseForm):
    file = forms.FileField(label="Fichier des marges (CSV : variable, modalite, effectif)")
    source = forms.CharField(label="Source (tableau INSEE, millésime)", max_length=300)
    illustrative = forms.BooleanField(label="Marges illustratives (pas une source officielle)", required=False)

    def clean_file(self) -> dict[str, dict[str, float]]:
        upload = self.cleaned_data["file"]
        if upload.size > 2_000_000:
            raise ValidationError("Fichier trop volumineux (2 Mo au plus).")
        try:
            return read_margins(decode(upload.read(), "Marges"))
        except FileError as error:
            raise ValidationError(error.errors) from error


class CodesForm(DsfrBaseForm):
    count = forms.IntegerField(label="Nombre de codes à créer", min_value=1, max_value=5000)
