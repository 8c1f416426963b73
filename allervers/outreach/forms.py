"""Forms of the outreach module: they validate and nothing else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from dsfr.forms import DsfrBaseForm

from allervers.common.honeypot import HoneypotField
from allervers.directory.models import Structure
from allervers.outreach.enums import Attendance, Audience, Profession, RegistrationStatus
from allervers.outreach.models import AwarenessEvent, Evaluation, Offer, Session
from allervers.plan.models import FicheAction
from allervers.territories.models import EPCI, Commune


def department_communes() -> Any:
    return Commune.objects.current().filter(department_id=settings.ALLERVERS_DEPARTMENT_CODE).order_by("search_name")


class RegistrationForm(DsfrBaseForm):
    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    email = forms.EmailField(label="Courriel professionnel", help_text="Le lien de confirmation y sera envoyé.")
    profession = forms.ChoiceField(label="Profession", choices=[("", "Choisir")] + list(Profession.choices))
    employer = forms.ModelChoiceField(
        label="Structure employeuse (annuaire)",
        queryset=Structure.objects.none(),
        required=False,
        empty_label="Ma structure n'est pas dans la liste",
    )
    employer_name = forms.CharField(label="Ou structure employeuse (texte libre)", max_length=200, required=False)
    work_commune = forms.ModelChoiceField(
        label="Commune de travail", queryset=Commune.objects.none(), empty_label="Choisir une commune"
    )
    website = HoneypotField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer = self.fields["employer"]
        assert isinstance(employer, forms.ModelChoiceField)
        employer.queryset = Structure.objects.visible().order_by("name")
        commune = self.fields["work_commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = department_communes()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("employer") and not (data.get("employer_name") or "").strip():
            self.add_error("employer_name", "Choisissez votre structure dans la liste ou écrivez son nom.")
        return data


class EvaluationForm(DsfrBaseForm, forms.ModelForm[Evaluation]):
    class Meta:
        model = Evaluation
        fields = [
            "satisfaction",
            "spotting_before",
            "spotting_after",
            "referring_before",
            "referring_after",
            "practice_change",
        ]
        labels = {
            "satisfaction": "Êtes-vous satisfait·e de la session ? (1 : pas du tout, 5 : tout à fait)",
            "spotting_before": "Avant la session, je savais repérer les signes de violences (1 à 5)",
            "spotting_after": "Après la session, je sais repérer les signes de violences (1 à 5)",
            "referring_before": "Avant la session, je savais vers qui orienter une victime (1 à 5)",
            "referring_after": "Après la session, je sais vers qui orienter une victime (1 à 5)",
            "practice_change": "Qu'est-ce qui change dans votre pratique ? (facultatif, jamais publié)",
        }
        widgets = dict.fromkeys(fields[:5], forms.RadioSelect)


class AttendanceForm(DsfrBaseForm):
    attendance = forms.ChoiceField(label="Présence", choices=Attendance.choices)


class FicheChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A fiche named with its plan: a coordinator may read several plans."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.action.axis.plan.title})"


class OfferForm(DsfrBaseForm, forms.ModelForm[Offer]):
    fiches = FicheChoiceField(
        label="Fiches action du plan",
        queryset=FicheAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les personnes formées comptent dans les indicateurs automatiques de ces fiches.",
    )
    target_professions = forms.MultipleChoiceField(
        label="Professions visées", choices=Profession.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Offer
        fields = [
            "kind",
            "title",
            "organiser",
            "partner_name",
            "topic",
            "target_professions",
            "format",
            "duration_hours",
            "objectives",
            "prerequisites",
            "fiches",
        ]

    def __init__(self, *args: Any, organisers: Any, fiches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organiser = self.fields["organiser"]
        assert isinstance(organiser, forms.ModelChoiceField)
        organiser.queryset = organisers
        linked = self.fields["fiches"]
        assert isinstance(linked, FicheChoiceField)
        linked.queryset = fiches


class SessionForm(DsfrBaseForm, forms.ModelForm[Session]):
    online_url = forms.URLField(label="Lien de la visioconférence", required=False, assume_scheme="https")

    class Meta:
        model = Session
        fields = [
            "starts_at",
            "ends_at",
            "commune",
            "place",
            "address",
            "online_url",
            "capacity",
            "waiting_list_size",
            "registration_deadline",
            "trainers",
        ]
        widgets = {
            name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
            for name in ("starts_at", "ends_at", "registration_deadline")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = department_communes()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends, deadline = data.get("starts_at"), data.get("ends_at"), data.get("registration_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "La fin doit suivre le début.")
        if starts and deadline and deadline > starts:
            self.add_error("registration_deadline", "Les inscriptions doivent se clore avant le début de la session.")
        if not data.get("commune") and not data.get("online_url"):
            self.add_error("commune", "Indiquez une commune, ou un lien de visioconférence pour une session en ligne.")
        capacity = data.get("capacity")
        if self.instance.pk and capacity is not None:
            held = self.instance.count(RegistrationStatus.CONFIRMED)
            if capacity < held:
                self.add_error(
                    "capacity",
                    f"{held} personnes ont déjà une place : le nombre de places ne peut pas descendre en dessous. "
                    "Pour libérer une place, la personne annule son inscription.",
                )
        return data


class EventForm(DsfrBaseForm, forms.ModelForm[AwarenessEvent]):
    class Meta:
        model = AwarenessEvent
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "commune",
            "place",
            "audience",
            "description",
            "public_reached",
            "supports_handed_out",
            "supports_description",
        ]
        widgets = {
            name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
            for name in ("starts_at", "ends_at")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = department_communes()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "La fin doit suivre le début.")
        return data


class AgendaFilterForm(forms.Form):
    """The agenda's filters (GET): unknown values are simply ignored."""

    commune = forms.ModelChoiceField(
        label="Commune", queryset=Commune.objects.none(), required=False, to_field_name="code", empty_label="Toutes"
    )
    epci = forms.ModelChoiceField(
        label="Intercommunalité", queryset=EPCI.objects.none(), required=False, empty_label="Toutes"
    )
    public = forms.ChoiceField(label="Public", choices=[("", "Tous")] + list(Audience.choices), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = department_communes()
        epci = self.fields["epci"]
        assert isinstance(epci, forms.ModelChoiceField)
        epci.queryset = (
            EPCI.objects.filter(communes__department_id=settings.ALLERVERS_DEPARTMENT_CODE).distinct().order_by("name")
        )
