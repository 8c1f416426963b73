from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from allervers.directory.models import Structure
from allervers.referrals.enums import LegalBasis, Outcome
from allervers.referrals.models import Referral
from allervers.taxonomy import terms
from allervers.territories.forms import CommuneField


def situation_choices() -> list[tuple[str, str]]:
    return [("", "Choisir une situation")] + [(term.code, term.label) for term in terms.victim_thematiques()]


class ReferralForm(DsfrBaseForm, forms.ModelForm[Referral]):
    """Only the minimum: the receiving structure calls the person back, the summary is a few lines."""

    situation = forms.ChoiceField(label="Situation", choices=situation_choices)
    commune_text = CommuneField(
        label="Commune de la personne",
        required=False,
        help_text="Pour les statistiques par territoire. Par exemple « 01300 Belley ».",
    )

    class Meta:
        model = Referral
        fields = [
            "sender_structure",
            "situation",
            "urgency",
            "legal_basis",
            "consent_method",
            "consent_given_on",
            "person_name",
            "contact_safe",
            "contact_times",
            "contact_avoid",
            "summary",
        ]
        labels = {
            "sender_structure": "Vous envoyez au nom de",
            "urgency": "Urgence",
            "legal_basis": "Base de la transmission",
            "consent_method": "Comment la personne a donné son accord",
            "consent_given_on": "Date de l'accord",
            "person_name": "Nom ou pseudonyme de la personne",
            "contact_safe": "Moyen sûr pour la contacter",
            "contact_times": "Moments sûrs pour la contacter",
            "contact_avoid": "À ne pas utiliser",
            "summary": "Résumé de la demande",
        }
        help_texts = {
            "urgency": "Urgente : la réception doit être accusée sous 24 heures ; normale : sous 7 jours.",
            "legal_basis": "Sans l'accord de la personne, indiquez le texte qui permet ou impose la transmission.",
            "person_name": "Un prénom ou un pseudonyme suffit si la personne le préfère.",
            "contact_safe": "Par exemple : un numéro de portable personnel, le nom de la professionnelle à appeler.",
            "contact_times": "Par exemple : en semaine entre 9 h et 11 h.",
            "contact_avoid": "Par exemple : ne pas appeler le téléphone fixe du domicile, ne pas laisser de message.",
            "summary": "Quelques lignes : ce que la personne demande, sans détail inutile.",
        }
        widgets = {
            "consent_given_on": forms.DateInput(attrs={"type": "date"}),
            "person_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_safe": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_times": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_avoid": forms.TextInput(attrs={"autocomplete": "off"}),
            "summary": forms.Textarea(attrs={"rows": 4, "maxlength": 1500}),
        }

    def __init__(self, *args: Any, sender_structures: list[Structure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sender_structure"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Structure.objects.filter(pk__in=[s.pk for s in sender_structures])
        field.empty_label = None
        for name in ("person_name", "contact_safe", "summary"):
            self.fields[name].required = True

    def clean_summary(self) -> str:
        summary = str(self.cleaned_data["summary"]).strip()
        if len(summary) > 1500:
            raise forms.ValidationError("Le résumé doit tenir en 1 500 caractères : gardez l'essentiel.")
        return summary

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("legal_basis") == LegalBasis.CONSENT:
            if not data.get("consent_method"):
                self.add_error("consent_method", "Indiquez comment la personne a donné son accord.")
            given_on = data.get("consent_given_on")
            if not given_on:
                self.add_error("consent_given_on", "Indiquez quand la personne a donné son accord.")
            elif given_on > timezone.localdate():
                self.add_error("consent_given_on", "L'accord ne peut pas être daté dans le futur.")
        else:
            data["consent_method"], data["consent_given_on"] = "", None
        return data

    def save(self, commit: bool = True) -> Referral:
        referral = super().save(commit=False)
        referral.commune = self.cleaned_data.get("commune_text")
        if commit:
            referral.save()
        return referral


class RefuseForm(DsfrBaseForm):
    reason = forms.CharField(
        label="Motif du refus",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Visible par la structure d'origine. Si possible, indiquez vers qui orienter la personne.",
    )


class CloseForm(DsfrBaseForm):
    outcome = forms.ChoiceField(label="Issue", choices=Outcome.choices)


class MessageForm(DsfrBaseForm):
    body = forms.CharField(label="Message", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(
        label="Note interne (invisible pour la structure d'origine)",
        required=False,
    )

    def __init__(self, *args: Any, receiver: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not receiver:
            del self.fields["internal"]
