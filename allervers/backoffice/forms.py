"""Forms of the professional space. They validate and nothing else."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from allervers.accounts.enums import MembershipRole
from allervers.common.honeypot import HoneypotField
from allervers.directory import hours, hours_input, hours_text
from allervers.directory.models import Service, Structure
from allervers.directory.validators import normalize_phone, validate_zone_codes
from allervers.taxonomy import terms
from allervers.taxonomy.structure_types import StructureType
from allervers.territories.forms import CommuneField

PLACE_FIELDS = ["address", "address_complement", "postal_code", "address_confidential"]
CONTACT_FIELDS = ["phone", "email", "website", "phone_pro", "email_pro", "opening_hours", "accessibility_url"]
# The name of the button that shows how the hours will read without saving the form.
HOURS_PREVIEW = "apercu_horaires"
HOURS_HELP = (
    "Écrivez-les comme vous les diriez : « du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h », "
    "« samedi 9h-12h », « fermé les jours fériés », « 24h/24 », « sur rendez-vous ». "
    "Le format OpenStreetMap (« Mo-Fr 09:00-12:00 ») est aussi accepté."
)


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _choices(reference: dict[str, terms.Term], exclude_categories: bool = False) -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in reference.values() if not (exclude_categories and "--" not in t.code)]


class HoursField(forms.CharField):
    """The hours as typed, with their French reading under the field (DsfrBoundField reads the class's template)."""

    template_name = "backoffice/hours_field.html"


class ListingForm(DsfrBaseForm, forms.ModelForm[Any]):
    """What structures and services share: the commune typed as a person writes it, phones, hours."""

    commune_text = CommuneField(
        label="Commune",
        required=False,
        help_text="Nom ou code postal et nom, par exemple « 01100 Oyonnax ».",
    )
    # Typed as people write hours, stored in OSM syntax (clean_opening_hours), shown with its French reading.
    opening_hours = HoursField(
        label="Horaires d'accueil",
        required=False,
        max_length=1000,
        help_text=HOURS_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the hours field's template shows under the field: the reading of the hours the form holds.
        self.hours_reading: hours_text.Reading | None = None
        if self.instance.commune_id and not self.is_bound:
            self.initial["commune_text"] = f"{self.instance.commune.code} {self.instance.commune.name}"
        if not self.is_bound:
            stored = self.instance.opening_hours
            self.initial["opening_hours"] = hours_input.to_french(stored)
            self.hours_reading = hours_text.read(stored, hours.local(timezone.now()))

    @property
    def previewing(self) -> bool:
        """The person asked to see how the hours read: the form shows them and saves nothing."""
        return self.is_bound and HOURS_PREVIEW in self.data

    def is_valid(self) -> bool:
        return super().is_valid() and not self.previewing

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"]) if self.cleaned_data["phone"] else ""

    def clean_phone_pro(self) -> str:
        return normalize_phone(self.cleaned_data["phone_pro"]) if self.cleaned_data["phone_pro"] else ""

    def clean_opening_hours(self) -> str:
        try:
            expression = hours_input.to_osm(self.cleaned_data["opening_hours"])
        except hours_input.HoursInputError as error:
            raise forms.ValidationError(str(error)) from error
        stored = self.instance.opening_hours
        if stored and hours.same_hours(stored, expression):
            expression = stored  # the same hours typed in another way: no change to log
        limit = self.instance._meta.get_field("opening_hours").max_length
        if limit is not None and len(expression) > limit:
            raise forms.ValidationError(
                f"Ces horaires sont trop longs pour être enregistrés ({len(expression)} caractères au format "
                f"OpenStreetMap, {limit} au plus) : regroupez les jours qui ont les mêmes heures."
            )
        self.hours_reading = hours_text.read(expression, hours.local(timezone.now()))
        return expression

    def save(self, commit: bool = True) -> Any:
        listing = super().save(commit=False)
        commune = self.cleaned_data.get("commune_text")
        if commune is None or commune != listing.commune:
            # Without a geocoded address the commune's point stands for the place.
            listing.latitude = commune.latitude if commune else None
            listing.longitude = commune.longitude if commune else None
        listing.commune = commune
        if commune is not None and not listing.postal_code and commune.postal_codes:
            listing.postal_code = commune.postal_codes[0]
        if commit:
            listing.save()
        return listing


class StructureForm(ListingForm):
    reseaux_porteurs = forms.MultipleChoiceField(
        label="Réseaux", required=False, choices=lambda: _choices(terms.reseaux_porteurs())
    )

    class Meta:
        model = Structure
        formfield_callback = _formfield
        fields = ["name", "structure_type", "siret", "description", *PLACE_FIELDS, *CONTACT_FIELDS, "reseaux_porteurs"]

    def clean_siret(self) -> str:
        siret = self.cleaned_data["siret"].replace(" ", "")
        if siret and (len(siret) != 14 or not siret.isdigit()):
            raise forms.ValidationError("Le SIRET compte 14 chiffres.")
        return siret


class ServiceForm(ListingForm):
    thematiques = forms.MultipleChoiceField(
        label="Thématiques",
        choices=lambda: _choices(terms.thematiques(), exclude_categories=True),
        widget=forms.CheckboxSelectMultiple,
    )
    publics = forms.MultipleChoiceField(
        label="Publics", choices=lambda: _choices(terms.publics()), widget=forms.CheckboxSelectMultiple
    )
    modes_accueil = forms.MultipleChoiceField(
        label="Modes d'accueil", choices=lambda: _choices(terms.modes_accueil()), widget=forms.CheckboxSelectMultiple
    )
    frais = forms.ChoiceField(
        label="Frais", required=False, choices=lambda: [("", "Non précisé")] + _choices(terms.frais())
    )
    zone_text = forms.CharField(
        label="Zone d'intervention",
        max_length=2000,
        help_text="Codes séparés par des virgules : code INSEE de commune, SIREN d'EPCI, numéro de département, "
        "R suivi du code région, ou « france ».",
    )
    languages_text = forms.CharField(
        label="Langues",
        required=False,
        max_length=200,
        help_text="Codes ISO séparés par des virgules, par ex. fr, en, ar",
    )

    class Meta:
        model = Service
        formfield_callback = _formfield
        fields = [
            "name",
            "description",
            "thematiques",
            "publics",
            "publics_precisions",
            "modes_accueil",
            "frais",
            "frais_precisions",
            "conditions_acces",
            "mobilisation_precisions",
            "lien_mobilisation",
            *PLACE_FIELDS,
            *CONTACT_FIELDS,
            "always_open",
            "update_frequency_months",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["zone_text"] = ", ".join(self.instance.zone_eligibilite)
            self.initial["languages_text"] = ", ".join(self.instance.languages)

    def clean_zone_text(self) -> list[str]:
        return validate_zone_codes([code for code in self.cleaned_data["zone_text"].split(",") if code.strip()])

    def clean_languages_text(self) -> list[str]:
        codes = [code.strip().lower() for code in self.cleaned_data["languages_text"].split(",") if code.strip()]
        wrong = [code for code in codes if len(code) != 2 or not code.isalpha()]
        if wrong:
            raise forms.ValidationError(f"Codes de langue à deux lettres attendus : {', '.join(wrong)}.")
        return codes

    def clean_publics(self) -> list[str]:
        publics = self.cleaned_data["publics"]
        if "tous-publics" in publics and len(publics) > 1:
            raise forms.ValidationError("« Tous publics » ne se combine pas avec d'autres publics.")
        return publics

    def save(self, commit: bool = True) -> Service:
        service: Service = super().save(commit=False)
        service.zone_eligibilite = self.cleaned_data["zone_text"]
        service.languages = self.cleaned_data["languages_text"]
        if commit:
            service.save()
        return service


class SuspendForm(DsfrBaseForm):
    until = forms.DateField(
        label="Suspendu jusqu'au",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="La fiche reparaît ce jour-là.",
    )

    def clean_until(self) -> datetime.date:
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError("La date de reprise doit être dans le futur.")
        return until


class InvitationForm(DsfrBaseForm):
    email = forms.EmailField(label="Adresse électronique de la personne invitée")
    role = forms.ChoiceField(label="Rôle", choices=MembershipRole.choices, initial=MembershipRole.EDITOR)


class JoinRequestForm(DsfrBaseForm):
    """A structure asks to join the directory. Honeypot and timing field keep robots out without a captcha."""

    name = forms.CharField(label="Nom de la structure", max_length=150)
    structure_type = forms.ChoiceField(label="Type de structure", choices=StructureType.choices)
    commune_text = CommuneField(label="Commune", help_text="Par exemple « 01300 Belley »")
    description = forms.CharField(label="Ce que fait la structure", widget=forms.Textarea(attrs={"rows": 4}))
    email = forms.EmailField(
        label="Adresse électronique de contact", help_text="Pour recevoir l'invitation à gérer la fiche."
    )
    website = HoneypotField()


REPORT_FIELDS = [
    ("telephone", "Le téléphone"),
    ("adresse", "L'adresse"),
    ("horaires", "Les horaires"),
    ("ferme", "Le service a fermé"),
    ("autre", "Autre chose"),
]


class ErrorReportForm(DsfrBaseForm):
    elements = forms.MultipleChoiceField(
        label="Qu'est-ce qui est faux ?", choices=REPORT_FIELDS, widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label="Précisez",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="N'écrivez pas votre nom ni votre situation : ce message sert seulement à corriger la fiche.",
    )
    website = HoneypotField()
