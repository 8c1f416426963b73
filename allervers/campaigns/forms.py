"""Forms of the campaigns. They validate and nothing else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.html import escape
from dsfr.forms import DsfrBaseForm

from allervers.accounts.models import CoordinatorScope, User
from allervers.campaigns import logos
from allervers.campaigns.enums import TargetPublic
from allervers.campaigns.models import Campaign, Distribution, Sponsor
from allervers.campaigns.territory import Territory, territory, territory_choices, within, zone_communes
from allervers.common.text import fold
from allervers.directory.models import Structure
from allervers.plan.models import FicheAction
from allervers.territories.models import Commune


class FicheChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.title} — fiche {obj.number} : {obj.title}"


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
            "fiches",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, scope: CoordinatorScope, user: User, **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(*args, **kwargs)
        # Only the fiches of the plans this coordinator reads; links to others (made by a coordinator who reads
        # them) are kept as they are when the form is saved.
        self.visible_fiches = FicheAction.objects.for_user(user).select_related("action__axis__plan")
        self.fields["fiches"].queryset = self.visible_fiches  # type: ignore[attr-defined]
        linked = self.instance.fiches.all() if self.instance.pk else FicheAction.objects.none()
        self.hidden_fiches = list(linked.exclude(pk__in=self.visible_fiches.values("pk")))

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

    def _save_m2m(self) -> None:
        super()._save_m2m()
        self.instance.fiches.add(*self.hidden_fiches)


MATCHES_SHOWN = 50


def structure_matches(structures: QuerySet[Structure], search: str) -> QuerySet[Structure]:
    """The structures whose name, commune or SIRET holds what was typed, accents and case aside, at most
    MATCHES_SHOWN of them; none for an empty search."""
    words = fold(search).split()
    if not words:
        return structures.none()
    if search.replace(" ", "").isdigit():
        return structures.filter(siret__startswith=search.replace(" ", ""))
    # Folded in Python over the territory's names (the SQL has no accent-blind match on SQLite): a few thousand
    # short strings, one query.
    rows = structures.order_by("name").values_list("pk", "name", "commune__name")
    found = [pk for pk, name, commune in rows if all(word in fold(f"{name} {commune or ''}") for word in words)]
    return structures.filter(pk__in=found[:MATCHES_SHOWN])


class SponsorForm(DsfrBaseForm, forms.ModelForm[Sponsor]):
    """A partner from the directory (its name and commune taken from it unless typed) or entered by hand."""

    commune_code = forms.CharField(label="Code INSEE de la commune", max_length=5, required=False)
    logo = forms.FileField(label="Logo (PNG, JPEG ou WebP, 2 Mo au plus)", required=False)

    class Meta:
        model = Sponsor
        fields = ["structure", "name", "kind", "contribution", "logo_permission"]
        labels = {"structure": "Structure du répertoire (facultatif)"}

    def __init__(self, *args: Any, campaign: Campaign, search: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The directory's published structures of the campaign's territory: a department holds thousands, so the
        # list offers those the coordinator searched for (structure_matches), or the one a posted form chose.
        structures = Structure.objects.visible().filter(commune__in=zone_communes(campaign.territory_code))
        offered: QuerySet[Structure]
        if self.is_bound:
            chosen = str(self.data.get("structure") or "")
            offered = structures.filter(pk=int(chosen)) if chosen.isdigit() else structures.none()
        else:
            offered = structure_matches(structures, search)
        field = self.fields["structure"]
        field.queryset = offered.select_related("commune").order_by("name")  # type: ignore[attr-defined]
        typed = escape(search)
        if self.is_bound:
            field.help_text = ""
        elif search:
            count = offered.count()
            field.help_text = (
                f"{count} structure{'s' if count > 1 else ''} du territoire pour « {typed} »"
                f"{f' (les {MATCHES_SHOWN} premières)' if count >= MATCHES_SHOWN else ''}."
                if count
                else f"Aucune structure du territoire pour « {typed} » : saisissez le partenaire ci-dessous."
            )
        else:
            field.help_text = "Cherchez-la d'abord ci-dessus, par son nom, sa commune ou son SIRET."
        field.help_text += " Son nom et sa commune sont repris s'ils ne sont pas saisis."
        # The DSFR form made its bound field before (it copies the help text) and renders it unescaped.
        self["structure"].help_text = field.help_text
        self.fields["name"].required = False

    def clean_commune_code(self) -> Commune | None:
        code = self.cleaned_data["commune_code"].strip().upper()
        if not code:
            return None
        commune = Commune.objects.current().filter(code=code).first()
        if commune is None:
            raise forms.ValidationError("Aucune commune n'a ce code INSEE.")
        return commune

    def clean_logo(self) -> bytes | None:
        upload = self.cleaned_data.get("logo")
        return logos.reencode(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        structure: Structure | None = data.get("structure")
        if structure is not None:
            data["name"] = data.get("name") or structure.name[:150]
            if not data.get("commune_code") and "commune_code" not in self.errors and structure.commune:
                data["commune_code"] = structure.commune.current
        if not data.get("name") and "name" not in self.errors:
            self.add_error("name", "Donnez le nom du partenaire, ou choisissez une structure du répertoire.")
        if not data.get("commune_code") and "commune_code" not in self.errors:
            self.add_error(
                "commune_code", "Donnez le code INSEE de sa commune, ou choisissez une structure du répertoire."
            )
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


class SupportTerritoryForm(DsfrBaseForm):
    """Which commune or EPCI of the campaign's territory the supports are made for (a GET form)."""

    territoire = forms.ChoiceField(label="Commune ou intercommunalité des supports")

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["territoire"].choices = territory_choices(campaign.territory_code)
        self.fields["territoire"].error_messages["invalid_choice"] = (
            "Ce territoire n'est pas dans celui de la campagne : choisissez une commune ou une intercommunalité "
            "de la liste."
        )

    def clean_territoire(self) -> Territory:
        place = territory(self.cleaned_data["territoire"])
        if place is None or not within(place, self.campaign.territory_code):
            raise forms.ValidationError("Ce territoire n'est pas dans celui de la campagne.")
        return place
