# mypy: disallow-subclassing-any=False, warn-return-any=False
"""The forms of the visit requests and of the coverage page.

django-dsfr ships no types: its DsfrBaseForm is an Any, hence the relaxation above, the one pyproject.toml grants
to every `allervers.*.forms` module (this module's name leaves room for the units' forms of the same app).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from allervers.directory.models import Structure
from allervers.network.models import MobileUnit, VisitRequest
from allervers.network.request_enums import RequesterKind
from allervers.taxonomy import terms
from allervers.territories.models import Commune

if TYPE_CHECKING:
    from allervers.accounts.models import User


class CoverageForm(DsfrBaseForm):
    theme = forms.ChoiceField(label="Besoin", required=False)
    distance = forms.IntegerField(
        label="Distance (km, à vol d'oiseau)",
        min_value=1,
        max_value=100,
        required=False,
        error_messages={
            "invalid": "Indiquez une distance en kilomètres, par un nombre entier.",
            "min_value": "La distance doit être d'au moins 1 km.",
            "max_value": "La distance ne peut dépasser 100 km.",
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Tous les besoins d'aide aux victimes")]
        choices += [(term.code, term.label) for term in terms.victim_thematiques()]
        self.fields["theme"].choices = choices
        self.fields["theme"].error_messages["invalid_choice"] = "Ce besoin n'est pas dans la liste."


def _theme_choices() -> list[tuple[str, str]]:
    return [("", "Choisir"), *((t.code, t.label) for t in _themes())]


def _public_choices() -> list[tuple[str, str]]:
    return [("", "Choisir"), *((t.code, t.label) for t in terms.publics().values())]


class VisitRequestForm(DsfrBaseForm, forms.ModelForm[VisitRequest]):
    """A professional's request; `user` limits the structures to theirs and the units to the published ones."""

    # Declared here, not in __init__: DsfrBaseForm gives the DSFR classes to the fields it finds at its own init.
    theme = forms.ChoiceField(label="Thème du passage", choices=_theme_choices)
    public = forms.ChoiceField(label="Public", choices=_public_choices)

    class Meta:
        model = VisitRequest
        fields = [
            "unit",
            "structure",
            "requester_kind",
            "theme",
            "public",
            "public_details",
            "expected_attendance",
            "commune",
            "place",
            "wished_date_1",
            "wished_date_2",
            "wished_date_3",
            "start_time",
            "end_time",
            "message",
        ]
        widgets = {
            "wished_date_1": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "wished_date_2": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "wished_date_3": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "message": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"message": "Ce que vous attendez du passage. N'y écrivez aucune donnée sur une personne."}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        querysets: dict[str, tuple[Any, str | None]] = {
            "unit": (MobileUnit.objects.published().order_by("name"), "Choisir une unité mobile"),
            "structure": (Structure.objects.filter(memberships__user=user).order_by("name"), None),
            "commune": (
                Commune.objects.current().filter(department_id=settings.ALLERVERS_DEPARTMENT_CODE),
                "Choisir une commune",
            ),
        }
        for name, (queryset, empty_label) in querysets.items():
            choice = self.fields[name]
            assert isinstance(choice, forms.ModelChoiceField)
            choice.queryset, choice.empty_label = queryset, empty_label
        kind = self.fields["requester_kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Choisir"), *RequesterKind.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        dates = [data.get(f"wished_date_{n}") for n in (1, 2, 3)]
        for n, day in enumerate(dates, start=1):
            if day is not None and day < today:
                self.add_error(f"wished_date_{n}", "Choisissez une date à venir.")
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "L'heure de fin doit être après l'heure de début.")
        return data


def _themes() -> list[terms.Term]:
    """The victim-support themes first, then data·inclusion's own (health, access to rights…)."""
    victims = terms.victim_thematiques()
    others = [t for t in terms.thematiques().values() if t not in victims and "--" in t.code]
    return victims + others


class SlotForm(DsfrBaseForm):
    """A date and times: to accept on a day (a wished one by default) or to propose another."""

    day = forms.DateField(label="Date du passage", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label="Heure de début", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label="Heure de fin", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    reason = forms.CharField(label="Message à la structure", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("day") and data["day"] < timezone.localdate():
            self.add_error("day", "Choisissez une date à venir.")
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "L'heure de fin doit être après l'heure de début.")
        return data


class ReasonForm(DsfrBaseForm):
    reason = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class OptionalReasonForm(DsfrBaseForm):
    reason = forms.CharField(label="Motif", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class MonthForm(DsfrBaseForm):
    mois = forms.RegexField(
        label="Mois",
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": "Indiquez un mois sous la forme AAAA-MM, par exemple 2026-12."},
    )
