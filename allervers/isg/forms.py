"""Forms of the ISG module: they validate and nothing else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from allervers.accounts.models import CoordinatorScope
from allervers.isg.enums import PostStatus
from allervers.isg.models import Funding, IsgPost, communes_for_zone, split_codes
from allervers.territories.models import EPCI, Commune

ZONE_HELP = (
    "Codes INSEE des communes (5 caractères), numéros SIREN des EPCI (9 chiffres) ou code du département, séparés "
    "par des virgules ou des espaces. Par exemple : « 200071751 » pour toutes les communes d'une intercommunalité, "
    "ou « 01004, 01007 »."
)


class PostForm(DsfrBaseForm, forms.ModelForm[IsgPost]):
    zone = forms.CharField(label="Communes couvertes", help_text=ZONE_HELP, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = IsgPost
        fields = ["name", "kind", "host", "host_level", "status", "started_on", "notes"]
        labels = {"host": "Unité d'accueil (gendarmerie ou police, dans l'annuaire)"}
        help_texts = {
            "status": "Un poste pourvu paraît dans l'annuaire et peut recevoir des mises en relation ; un poste "
            "vacant ou en projet en est retiré.",
            "notes": "Aucune donnée personnelle : ne notez pas le nom de l'intervenant.",
        }
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, hosts: Any, scope: CoordinatorScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        host = self.fields["host"]
        assert isinstance(host, forms.ModelChoiceField)
        host.queryset = hosts
        if self.instance.pk:
            # The status changes by its own buttons (a transition), not by this form.
            del self.fields["status"]
            self.fields["zone"].initial = ", ".join(self.instance.zone_codes)
        else:
            self.fields["status"].initial = PostStatus.PLANNED

    def clean_zone(self) -> list[str]:
        codes = split_codes(self.cleaned_data.get("zone") or "")
        if not codes:
            raise ValidationError("Indiquez au moins une commune ou un EPCI.")
        communes_for_zone(codes)
        outside = [code for code in codes if not self.scope.covers_zone(code)]
        if outside:
            raise ValidationError(
                "Hors de votre territoire de coordination : %(codes)s.", params={"codes": ", ".join(outside)}
            )
        return codes


class FundingForm(DsfrBaseForm, forms.ModelForm[Funding]):
    class Meta:
        model = Funding
        fields = ["year", "funder_kind", "funder_name", "epci", "commune", "amount", "share", "note"]
        localized_fields = ["amount", "share"]  # « 12,5 » as people type it in French
        help_texts = {
            "epci": "Pour un financement d'intercommunalité (ou indiquez son nom ci-dessus).",
            "commune": "Pour un financement communal (ou indiquez son nom ci-dessus).",
            "share": "Les parts d'une même année ne peuvent dépasser 100 %.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department = settings.ALLERVERS_DEPARTMENT_CODE
        epci = self.fields["epci"]
        assert isinstance(epci, forms.ModelChoiceField)
        epci.queryset = EPCI.objects.filter(communes__department_id=department).distinct().order_by("name")
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = Commune.objects.current().filter(department_id=department).order_by("search_name")
