"""The operators' forms: a mobile unit, one of its stops, a cancelled or moved date."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from allervers.network.enums import ExceptionKind
from allervers.network.models import MobileUnit, Stop
from allervers.network.recurrence import normalise_rrule, rule_dates
from allervers.territories.models import EPCI, Commune


def department_communes() -> Any:
    return Commune.objects.current().filter(department_id=settings.ALLERVERS_DEPARTMENT_CODE).order_by("search_name")


class UnitForm(DsfrBaseForm, forms.ModelForm[MobileUnit]):
    area = forms.CharField(
        label="Zone d'intervention",
        required=False,
        help_text="Codes séparés par des virgules : INSEE d'une commune, SIREN d'un EPCI, code du département (01).",
    )

    class Meta:
        model = MobileUnit
        fields = [
            "name",
            "slug",
            "structure",
            "description",
            "services",
            "request_contact",
            "request_email",
            "is_published",
        ]
        widgets = {"services": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, structures: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        structure = self.fields["structure"]
        assert isinstance(structure, forms.ModelChoiceField)
        structure.queryset = structures
        offered = self.fields["services"]
        assert isinstance(offered, forms.ModelMultipleChoiceField)
        offered.queryset = services
        if self.instance.pk:
            self.fields["area"].initial = ", ".join(self.instance.area_codes)

    def clean_area(self) -> list[str]:
        codes = [code.strip().upper() for code in self.cleaned_data["area"].replace(";", ",").split(",")]
        codes = list(dict.fromkeys(code for code in codes if code))
        department = settings.ALLERVERS_DEPARTMENT_CODE
        known = set(Commune.objects.filter(code__in=codes).values_list("code", flat=True))
        known |= set(EPCI.objects.filter(siren__in=codes).values_list("siren", flat=True))
        unknown = [code for code in codes if code not in known and code != department]
        if unknown:
            raise ValidationError(f"Codes inconnus : {', '.join(unknown)}.")
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        structure, services = data.get("structure"), data.get("services")
        if structure and services and any(service.structure_id != structure.pk for service in services):
            self.add_error("services", "Choisissez des services de la structure qui exploite l'unité.")
        return data

    def save(self, commit: bool = True) -> MobileUnit:
        self.instance.area_codes = self.cleaned_data["area"]
        return super().save(commit)


class StopForm(DsfrBaseForm, forms.ModelForm[Stop]):
    class Meta:
        model = Stop
        fields = [
            "commune",
            "place",
            "latitude",
            "longitude",
            "rrule",
            "dtstart",
            "until",
            "start_time",
            "end_time",
            "note",
        ]
        widgets = {
            "dtstart": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = department_communes()

    def clean_rrule(self) -> str:
        return normalise_rrule(self.cleaned_data["rrule"])


class CancelForm(DsfrBaseForm):
    date = forms.DateField(label="Date du passage annulé", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label="Motif (facultatif, affiché au public)",
        max_length=200,
        required=False,
        help_text="Par exemple : intempéries",
    )

    def __init__(self, *args: Any, stop: Stop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stop = stop

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        moved_here = self.stop.exceptions.filter(kind=ExceptionKind.MOVED, moved_to=day).exists()
        if not rule_dates(self.stop, day, day) and not moved_here:
            raise ValidationError("Ce passage n'a pas lieu à cette date : choisissez une date de son calendrier.")
        return day


class MoveForm(DsfrBaseForm):
    """One date of a stop moved to another day (a public holiday, a market moved): the original date is dropped."""

    date = forms.DateField(label="Date du passage prévu", widget=forms.DateInput(attrs={"type": "date"}))
    moved_to = forms.DateField(label="Nouvelle date", widget=forms.DateInput(attrs={"type": "date"}))
    moved_start_time = forms.TimeField(
        label="Nouvelle heure de début", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    moved_end_time = forms.TimeField(
        label="Nouvelle heure de fin", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    reason = forms.CharField(
        label="Motif (facultatif, affiché au public)",
        max_length=200,
        required=False,
        help_text="Par exemple : jour férié",
    )

    def __init__(self, *args: Any, stop: Stop, today: datetime.date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("moved_start_time", stop.start_time)
        kwargs["initial"].setdefault("moved_end_time", stop.end_time)
        super().__init__(*args, **kwargs)
        self.stop, self.today = stop, today

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        if not rule_dates(self.stop, day, day):
            raise ValidationError("Ce passage n'a pas lieu à cette date : choisissez une date de son calendrier.")
        return day

    def clean_moved_to(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["moved_to"]
        if day < self.today:
            raise ValidationError("La nouvelle date est passée : choisissez aujourd'hui ou un jour à venir.")
        return day
