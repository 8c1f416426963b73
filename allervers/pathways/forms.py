"""Coordination forms. They validate and nothing else; history is written by the model (Situation.record_change)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import URLValidator
from dsfr.forms import DsfrBaseForm

from allervers.pathways.models import ActorRole, Situation, Step
from allervers.taxonomy import terms
from allervers.territories.models import Commune
from allervers.territories.resolver import CommuneResolutionError, resolve_commune


class SituationForm(DsfrBaseForm, forms.ModelForm[Situation]):
    class Meta:
        model = Situation
        fields = ["title", "question_label", "summary", "legal_summary", "thematique", "position", "is_published"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "legal_summary": forms.Textarea(attrs={"rows": 6})}

    def clean_thematique(self) -> str:
        code = str(self.cleaned_data.get("thematique") or "")
        if code and code not in terms.thematiques():
            raise ValidationError("Thématique inconnue de la nomenclature.")
        return code


class StepForm(DsfrBaseForm, forms.ModelForm[Step]):
    sources_text = forms.CharField(
        label="Sources",
        help_text="Une source par ligne : adresse d'une page officielle ou référence d'un texte.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    class Meta:
        model = Step
        fields = ["title", "urgency", "audience", "role", "mission", "contact_mode", "what_happens", "legal_note"]
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 3}),
            "what_happens": forms.Textarea(attrs={"rows": 3}),
            "legal_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = ActorRole.objects.order_by("name")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["sources_text"].initial = "\n".join(self.instance.sources)

    def clean_sources_text(self) -> list[str]:
        lines = [line.strip() for line in str(self.cleaned_data.get("sources_text") or "").splitlines()]
        sources = [line for line in lines if line]
        for source in sources:
            if source.startswith("http"):
                try:
                    URLValidator()(source)
                except ValidationError as error:
                    raise ValidationError(f"Adresse invalide : {source}") from error
        return sources


class PreviewForm(DsfrBaseForm):
    commune = forms.CharField(label="Commune ou code postal", max_length=120)

    def clean_commune(self) -> Commune:
        try:
            return resolve_commune(self.cleaned_data["commune"]).commune
        except CommuneResolutionError as error:
            names = ", ".join(c.label for c in error.candidates[:5])
            raise ValidationError(f"{error.message} {names}".strip()) from error


class CompetenceUploadForm(DsfrBaseForm):
    file = forms.FileField(label="Fichier CSV", help_text="Colonnes : competence, territoire, unite, source")


def diff(
    form: forms.ModelForm[Any], before: dict[str, Any], extra: dict[str, tuple[Any, Any]] | None = None
) -> list[dict[str, str]]:
    """What a form changed, field by field, in the words of the form's labels."""
    changes = []
    for name in form.changed_data:
        if name not in before:
            continue
        field = form.fields[name]
        labels = {} if isinstance(field, forms.ModelChoiceField) else dict(getattr(field, "choices", None) or [])
        old, new = before[name], getattr(form.instance, name)
        changes.append(
            {
                "field": str(field.label),
                "before": _display(labels.get(old, old)),
                "after": _display(labels.get(new, new)),
            }
        )
    for label, (old, new) in (extra or {}).items():
        if old != new:
            changes.append({"field": label, "before": _display(old), "after": _display(new)})
    return changes


def snapshot(instance: Any, fields: list[str]) -> dict[str, Any]:
    """The values a form may change, read before it does (a new step has no role yet)."""
    values = {}
    for name in fields:
        try:
            values[name] = getattr(instance, name)
        except ObjectDoesNotExist:
            values[name] = None
    return values


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value)
    return "" if value is None else str(value)
