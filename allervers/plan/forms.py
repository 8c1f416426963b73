"""Forms of the plan. They validate and nothing else."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from dsfr.forms import DsfrBaseForm

from allervers.directory.models import Structure
from allervers.plan.enums import FieldKind
from allervers.plan.models import BudgetLine, FicheAction, FollowUpNote, IndicatorValue, Plan, Step, TemplateField

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


class FicheForm(DsfrBaseForm, forms.ModelForm):
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
            structures = Structure.objects.filter(
                Q(commune__department_id=plan.department_id) | Q(piloted_fiches=fiche) | Q(partnered_fiches=fiche)
            )
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
        return data

    def extra_values(self) -> dict[str, Any]:
        values = dict(self.instance.extra_values)
        for field in self.template_fields:
            values[field.key] = extra_to_json(self.cleaned_data.get(EXTRA_PREFIX + field.key))
        return values


class StepForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Step
        fields = ["title", "due_date", "done_on"]
        widgets = {"due_date": DateInput(), "done_on": DateInput()}


class BudgetLineForm(DsfrBaseForm, forms.ModelForm):
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


class NoteForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = FollowUpNote
        fields = ["written_on", "text"]
        widgets = {"written_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}


class ReasonForm(DsfrBaseForm):
    reason = forms.CharField(label="Motif", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorValueForm(DsfrBaseForm, forms.ModelForm):
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
