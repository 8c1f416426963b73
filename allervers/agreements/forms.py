"""Forms of the agreements module: they validate and nothing else."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from allervers.agreements.documents import check_pdf, max_bytes
from allervers.agreements.models import Agreement, Party, end_of_term
from allervers.directory.models import Structure
from allervers.taxonomy import terms
from allervers.territories.models import Department


def theme_choices() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for term in [*terms.victim_thematiques(), *terms.vulnerable_people_thematiques()]:
        seen.setdefault(term.code, term.label)
    return [("", "Aucune thématique de l'annuaire ne convient"), *seen.items()]


class AgreementForm(DsfrBaseForm, forms.ModelForm[Agreement]):
    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title",
            "purpose",
            "theme",
            "department",
            "duration_months",
            "end_date",
            "renewal",
            "notice_months",
            "responsible",
            "fiches",
        ]
        widgets = {
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fiches": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self,
        *args: Any,
        departments: QuerySet[Department],
        coordinators: QuerySet[Any],
        fiches: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"] = forms.ChoiceField(label="Thématique", choices=theme_choices(), required=False)
        self._set_queryset("department", departments)
        self._set_queryset("responsible", coordinators)
        self._set_queryset("fiches", fiches)
        self.fields[
            "end_date"
        ].help_text = "Calculée à partir de la signature et de la durée quand la durée est connue ; sinon, à saisir."

    def _set_queryset(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        signed = self.instance.signature_date
        duration, end = data.get("duration_months"), data.get("end_date")
        if duration == 0:
            self.add_error("duration_months", "Une durée est d'au moins un mois.")
        elif signed is not None and duration and end and end != end_of_term(signed, duration):
            expected = end_of_term(signed, duration)
            self.add_error(
                "end_date",
                f"Avec une signature le {signed:%d/%m/%Y} et une durée de {duration} mois, l'échéance est le "
                f"{expected:%d/%m/%Y} : corrigez l'une ou l'autre, ou laissez l'échéance vide.",
            )
        elif signed is not None and duration and not end:
            data["end_date"] = end_of_term(signed, duration)
        if end and signed and end < signed:
            self.add_error("end_date", "L'échéance est antérieure à la date de signature.")
        return data


class PartyForm(DsfrBaseForm, forms.ModelForm[Party]):
    class Meta:
        model = Party
        fields = ["structure", "name", "role", "role_label"]

    def __init__(self, *args: Any, structures: QuerySet[Structure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["structure"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = structures
        field.empty_label = "Hors annuaire (nom ci-dessous)"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("structure") and not (data.get("name") or "").strip():
            self.add_error("name", "Choisissez une structure de l'annuaire ou écrivez le nom de la partie.")
        if data.get("structure") and (data.get("name") or "").strip():
            self.add_error("name", "Choisissez une structure de l'annuaire ou écrivez un nom, pas les deux.")
        return data


class DocumentForm(DsfrBaseForm):
    document = forms.FileField(label="Document signé (PDF)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = f"Un fichier PDF de {max_bytes() // (1024 * 1024)} Mo au plus."

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        check_pdf(upload)
        return upload


class SignForm(DsfrBaseForm):
    signed_on = forms.DateField(label="Date de signature", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_signed_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise ValidationError("La date de signature ne peut pas être dans le futur.")
        return day


class TerminateForm(DsfrBaseForm):
    on = forms.DateField(label="Date de la dénonciation", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
