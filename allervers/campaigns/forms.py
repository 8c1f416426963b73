"""Forms of the campaigns. They validate and nothing else."""

from __future__ import annotations

from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from allervers.accounts.models import CoordinatorScope
from allervers.campaigns import logos
from allervers.campaigns.enums import TargetPublic
from allervers.campaigns.models import Campaign, Distribution, Sponsor
from allervers.campaigns.territory import territory
from allervers.territories.models import Commune


class CampaignForm(DsfrBaseForm, forms.ModelForm[Campaign]):
    target_publics = forms.MultipleChoiceField(
        label="Publics visés", choices=TargetPublic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Campaign
        fields = [
            "slug",
            "title",
            "message",
            "easy_message",
            "theme",
            "starts_on",
            "ends_on",
            "territory_code",
            "target_publics",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, scope: CoordinatorScope, **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(*args, **kwargs)

    def clean_territory_code(self) -> str:
        code = self.cleaned_data["territory_code"].strip().upper()
        is_department = len(code) in (2, 3) and not code.isalpha()
        if not is_department and territory(code) is None:
            raise forms.ValidationError(
                "Ni une commune (code INSEE), ni un EPCI (SIREN), ni un département : vérifiez le code."
            )
        if not self.scope.covers_zone(code):
            raise forms.ValidationError("Ce territoire est hors de votre périmètre de coordination.")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "La fin de la campagne précède son début.")
        return data


class SponsorForm(DsfrBaseForm, forms.ModelForm[Sponsor]):
    commune_code = forms.CharField(label="Code INSEE de la commune", max_length=5)
    logo = forms.FileField(label="Logo (PNG, JPEG ou WebP, 2 Mo au plus)", required=False)

    class Meta:
        model = Sponsor
        fields = ["name", "kind", "contribution", "logo_permission"]

    def clean_commune_code(self) -> Commune:
        commune = Commune.objects.current().filter(code=self.cleaned_data["commune_code"].strip().upper()).first()
        if commune is None:
            raise forms.ValidationError("Aucune commune n'a ce code INSEE.")
        return commune

    def clean_logo(self) -> bytes | None:
        upload = self.cleaned_data.get("logo")
        return logos.reencode(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("logo") and not data.get("logo_permission"):
            self.add_error("logo_permission", "Un logo n'est imprimé qu'avec l'accord écrit du partenaire.")
        return data


class DistributionForm(DsfrBaseForm, forms.ModelForm[Distribution]):
    class Meta:
        model = Distribution
        fields = ["shop", "support", "quantity", "delivered_on", "delivered_by"]
        widgets = {"delivered_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shop"].queryset = campaign.sponsors.order_by("name")  # type: ignore[attr-defined]
