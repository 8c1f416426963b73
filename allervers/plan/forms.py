"""Forms of the plan. They validate and nothing else."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.forms import inlineformset_factory
from dsfr.forms import DsfrBaseForm

from allervers.directory.models import Structure
from allervers.plan.enums import FieldKind
from allervers.plan.indicators import sources
from allervers.plan.models import (
    Action,
    Axis,
    BudgetLine,
    Decision,
    FicheAction,
    FicheTemplate,
    FollowUpNote,
    Indicator,
    IndicatorValue,
    Meeting,
    Participant,
    Plan,
    Step,
    TemplateField,
    WorkingGroup,
)
from allervers.territories.models import Department

CONTENT_FIELDS = [
    "title",
    "context",
    "objectives",
    "description",
    "target_publics",
    "territory",
    "elected_referent",
    "start_date",
    "end_date",
    "priority",
]
COORDINATION_FIELDS = ["number", "parent", "weight", "pilots", "partners", "linked"]
EXTRA_PREFIX = "extra__"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def extra_formfield(field: TemplateField) -> forms.Field:
    common: dict[str, Any] = {"label": field.label, "required": field.required, "help_text": field.help_text}
    if field.kind == FieldKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if field.kind == FieldKind.NUMBER:
        return forms.DecimalField(**common)
    if field.kind == FieldKind.DATE:
        return forms.DateField(widget=DateInput(), **common)
    if field.kind == FieldKind.BOOLEAN:
        return forms.BooleanField(**{**common, "required": False})
    if field.kind == FieldKind.CHOICE:
        return forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in field.choice_list], **common)
    return forms.CharField(max_length=500, **common)


def extra_to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def check_number_is_free(form: forms.ModelForm[Any], siblings: QuerySet[Any]) -> None:
    """The model's unique constraints name a parent the form does not show, so Django would not check them."""
    number = form.cleaned_data.get("number")
    if number not in (None, "") and siblings.filter(number=number).exclude(pk=form.instance.pk).exists():
        form.add_error("number", "Ce numéro est déjà pris.")


class FicheForm(DsfrBaseForm, forms.ModelForm[FicheAction]):
    """Content of a fiche; coordinators also see who pilots it, its number and place in the tree."""

    class Meta:
        model = FicheAction
        fields = [*CONTENT_FIELDS, *COORDINATION_FIELDS]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "context": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "target_publics": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, coordinator: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fiche: FicheAction = self.instance
        plan = fiche.plan
        if not coordinator:
            for name in COORDINATION_FIELDS:
                del self.fields[name]
        else:
            same_plan = FicheAction.objects.of_plan(plan).exclude(pk=fiche.pk)
            self.fields["parent"].queryset = same_plan.filter(action=fiche.action)  # type: ignore[attr-defined]
            self.fields["linked"].queryset = same_plan  # type: ignore[attr-defined]
            # The department's structures, and any structure already on the fiche (a national helpline, say).
            structures = Structure.objects.filter(commune__department_id=plan.department_id)
            if fiche.pk is not None:
                structures |= Structure.objects.filter(Q(piloted_fiches=fiche) | Q(partnered_fiches=fiche))
            for name in ("pilots", "partners"):
                self.fields[name].queryset = structures.distinct().order_by("name")  # type: ignore[attr-defined]
        self.template_fields = list(plan.template.fields.all()) if plan.template else []
        for field in self.template_fields:
            self.fields[EXTRA_PREFIX + field.key] = extra_formfield(field)
            self.initial.setdefault(EXTRA_PREFIX + field.key, fiche.extra_values.get(field.key))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "L'échéance doit suivre le début.")
        if "number" in self.fields:
            check_number_is_free(self, FicheAction.objects.filter(action_id=self.instance.action_id))
        return data

    def extra_values(self) -> dict[str, Any]:
        values = dict(self.instance.extra_values)
        for field in self.template_fields:
            values[field.key] = extra_to_json(self.cleaned_data.get(EXTRA_PREFIX + field.key))
        return values


class StepForm(DsfrBaseForm, forms.ModelForm[Step]):
    class Meta:
        model = Step
        fields = ["title", "due_date", "done_on"]
        widgets = {"due_date": DateInput(), "done_on": DateInput()}


class BudgetLineForm(DsfrBaseForm, forms.ModelForm[BudgetLine]):
    class Meta:
        model = BudgetLine
        fields = ["year", "funding_source", "label", "planned", "actual"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not self.plan.start_year <= year <= self.plan.end_year:
            raise forms.ValidationError(
                f"L'année doit être comprise entre {self.plan.start_year} et {self.plan.end_year}."
            )
        return year


StepFormSet = inlineformset_factory(FicheAction, Step, form=StepForm, extra=2, can_delete=True)
BudgetFormSet = inlineformset_factory(FicheAction, BudgetLine, form=BudgetLineForm, extra=2, can_delete=True)


class NoteForm(DsfrBaseForm, forms.ModelForm[FollowUpNote]):
    class Meta:
        model = FollowUpNote
        fields = ["written_on", "text"]
        widgets = {"written_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}


class ReasonForm(DsfrBaseForm):
    reason = forms.CharField(label="Motif", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorValueForm(DsfrBaseForm, forms.ModelForm[IndicatorValue]):
    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "category", "value", "target", "comment"]
        widgets = {"measured_on": DateInput()}


class ImportForm(DsfrBaseForm):
    file = forms.FileField(label="Classeur des fiches (XLSX)", help_text="Le modèle se télécharge depuis le plan.")

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Donnez un classeur au format XLSX.")
        return file


# The plan's structure, edited by its coordination -------------------------------------------------------------


class PlanForm(DsfrBaseForm, forms.ModelForm[Plan]):
    class Meta:
        model = Plan
        fields = ["title", "department", "start_year", "end_year", "owner", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "La dernière année ne peut pas précéder la première.")
        return data


class AxisForm(DsfrBaseForm, forms.ModelForm[Axis]):
    class Meta:
        model = Axis
        fields = ["number", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_number_is_free(self, Axis.objects.filter(plan_id=self.instance.plan_id))
        return data


class ActionForm(DsfrBaseForm, forms.ModelForm[Action]):
    class Meta:
        model = Action
        fields = ["number", "title", "objectives"]
        widgets = {"objectives": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_number_is_free(self, Action.objects.filter(axis_id=self.instance.axis_id))
        return data


class WorkingGroupForm(DsfrBaseForm, forms.ModelForm[WorkingGroup]):
    class Meta:
        model = WorkingGroup
        fields = ["number", "title", "objective", "axis"]
        widgets = {"objective": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(plan_id=self.instance.plan_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_number_is_free(self, WorkingGroup.objects.filter(plan_id=self.instance.plan_id))
        return data


class MeetingForm(DsfrBaseForm, forms.ModelForm[Meeting]):
    class Meta:
        model = Meeting
        fields = ["held_on", "title", "agenda", "summary"]
        widgets = {
            "held_on": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }


class ParticipantForm(DsfrBaseForm, forms.ModelForm[Participant]):
    """A structure of the directory or an institution outside it, and a function: never a person's name."""

    class Meta:
        model = Participant
        fields = ["role", "structure", "organisation", "function", "position"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        structures = Structure.objects.filter(commune__department_id=plan.department_id)
        if self.instance.structure_id is not None:
            structures |= Structure.objects.filter(pk=self.instance.structure_id)
        self.fields["structure"].queryset = structures.distinct().order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("structure") and not data.get("organisation"):
            self.add_error("organisation", "Choisissez une structure de l'annuaire ou nommez l'institution.")
        return data


ParticipantFormSet = inlineformset_factory(Meeting, Participant, form=ParticipantForm, extra=3, can_delete=True)


class DecisionForm(DsfrBaseForm, forms.ModelForm[Decision]):
    class Meta:
        model = Decision
        fields = ["number", "text", "actions", "fiches", "follow_up_by", "due_date"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "due_date": DateInput()}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = Action.objects.filter(axis__plan=plan).select_related("axis")
        self.fields["actions"].queryset = actions  # type: ignore[attr-defined]
        self.fields["fiches"].queryset = plan.fiches().in_plan_order()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_number_is_free(self, Decision.objects.filter(meeting_id=self.instance.meeting_id))
        return data


class IndicatorForm(DsfrBaseForm, forms.ModelForm[Indicator]):
    automatic_source = forms.ChoiceField(label="Calcul automatique", required=False)

    class Meta:
        model = Indicator
        fields = [
            "title",
            "description",
            "fiche",
            "unit",
            "baseline",
            "target",
            "source",
            "frequency",
            "automatic_source",
            "position",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.fields["fiche"].queryset = plan.fiches().in_plan_order()  # type: ignore[attr-defined]
        field = self.fields["automatic_source"]
        field.choices = [("", "Aucun : saisie à la main")] + [(s.code, s.label) for s in sources()]  # type: ignore[attr-defined]
        field.help_text = "Un indicateur calculé par la plateforme est actualisé depuis le tableau de bord."


class TemplateFieldForm(DsfrBaseForm, forms.ModelForm[TemplateField]):
    class Meta:
        model = TemplateField
        fields = ["label", "key", "kind", "choices", "help_text", "required", "position"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # Fiches store their values under this key: renaming it would lose them.
            self.fields["key"].disabled = True
            self.fields["key"].help_text = "L'identifiant d'un champ existant ne change plus."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choices = [line for line in (data.get("choices") or "").splitlines() if line.strip()]
        if data.get("kind") == FieldKind.CHOICE and not choices:
            self.add_error("choices", "Une liste de choix demande au moins un choix.")
        return data


TemplateFieldFormSet = inlineformset_factory(
    FicheTemplate, TemplateField, form=TemplateFieldForm, extra=2, can_delete=True
)
