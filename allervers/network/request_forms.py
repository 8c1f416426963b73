# mypy: disallow-subclassing-any=False, warn-return-any=False
"""The forms of the visit requests and of the coverage page.

django-dsfr ships no types: its DsfrBaseForm is an Any, hence the relaxation above, the one pyproject.toml grants
to every `allervers.*.forms` module (this module's name leaves room for the units' forms of the same app).
"""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from allervers.taxonomy import terms


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
