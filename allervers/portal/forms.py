from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.signals import setting_changed
from django.utils.safestring import SafeString
from dsfr.forms import DsfrBaseForm, DsfrBoundField

from allervers.directory.places import commune_by_code, nearest_commune
from allervers.directory.search import SearchQuery
from allervers.taxonomy import terms
from allervers.territories.models import Commune
from allervers.territories.resolver import CommuneResolutionError, resolve_commune

MODE_CHOICES = [("", "Sur place ou à distance"), (terms.ON_SITE, "Sur place"), (terms.REMOTE, "À distance")]


def thematique_choices() -> list[tuple[str, Any]]:
    """What the platform is for: the victims' themes, then the data·inclusion themes of vulnerable people."""
    victims = [(t.code, t.label) for t in terms.victim_thematiques()]
    vulnerable = [(t.code, t.label) for t in terms.vulnerable_people_thematiques()]
    return [
        ("", "Toutes les thématiques"),
        ("Aide aux victimes", victims),
        ("Personnes vulnérables et leurs proches", vulnerable),
    ]


def public_choices() -> list[tuple[str, str]]:
    return [("", "Tous les publics")] + [
        (t.code, t.label) for t in terms.publics().values() if t.code != "tous-publics"
    ]


# Rendered field groups by (form, field, value, errors): a few hundred at most, see CachedBoundField.
_RENDERED: dict[tuple[Any, ...], SafeString] = {}
_RENDERED_MAX = 512
_SHORT = 20


class CachedBoundField(DsfrBoundField):
    """A field's DSFR group or widget, rendered once per process for each value and errors it can show.

    Rendering a field through the widget templates costs 0.1 to 1.5 ms (a select, option by option): the search
    form took a third of the search page. Its HTML depends only on the field, the value shown and the errors. Only
    values from a closed set (a choice, a box ticked or not) or short ones are kept, not free text.
    """

    def as_field_group(self) -> SafeString:
        return self._cached("group", super().as_field_group)

    def __str__(self) -> SafeString:
        return self._cached("widget", super().__str__)

    def _cached(self, part: str, render: Callable[[], SafeString]) -> SafeString:
        value = repr(self.value())
        if len(value) > _SHORT and not isinstance(self.field, (forms.ChoiceField, forms.BooleanField)):
            return render()
        key = (part, type(self.form), self.html_name, self.form.is_bound, value, *self.errors)
        html = _RENDERED.get(key)
        if html is None:
            if len(_RENDERED) >= _RENDERED_MAX:
                _RENDERED.clear()
            html = _RENDERED[key] = render()
        return html


def _forget_rendered(**kwargs: Any) -> None:
    # A setting (the DSFR's optional-field marks, the templates) may change the HTML: tests override them.
    _RENDERED.clear()


setting_changed.connect(_forget_rendered)

POSITION_ERROR = "Votre position n'a pas pu être lue. Tapez le nom de votre commune ou son code postal."
UNKNOWN_COMMUNE = "Cette commune n'existe pas. Tapez son nom ou son code postal."


@dataclass(frozen=True)
class Candidate:
    """A commune offered when the text typed names several: its code, how it reads, its department."""

    code: str
    label: str
    department: str


def _candidate(commune: Commune, by_insee_code: bool) -> Candidate:
    current = commune.current
    label = f"{commune.name} (code INSEE {commune.code})" if by_insee_code else commune.label
    return Candidate(current.code, label, current.department.name if current.department else "")


def _coordinate(text: str, bound: float) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if -bound <= value <= bound else None


class SearchForm(DsfrBaseForm):
    bound_field_class = CachedBoundField

    commune = forms.CharField(
        label="Commune ou code postal",
        help_text="Par exemple : Oyonnax, ou 01100",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "communes-suggestions"}),
    )
    # Hidden, filled by the suggestions and « Autour de moi »: read in _place(), whose errors go to « commune »,
    # the field a person sees and can correct.
    code_commune = forms.CharField(required=False, widget=forms.HiddenInput)
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lon = forms.CharField(required=False, widget=forms.HiddenInput)
    thematique = forms.ChoiceField(label="Besoin", required=False, choices=thematique_choices)
    public = forms.ChoiceField(label="Pour qui", required=False, choices=public_choices)
    mode = forms.ChoiceField(label="Mode d'accueil", required=False, choices=MODE_CHOICES)
    q = forms.CharField(
        label="Mots-clés",
        required=False,
        max_length=200,
        help_text="Par exemple : hébergement, juriste, plainte",
    )
    ouvert = forms.BooleanField(label="Ouvert maintenant", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates: list[Candidate] = []
        self.place_note = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["place"] = self._place(data)
        return data

    def _place(self, data: dict[str, Any]) -> Commune | None:
        code = str(data.get("code_commune") or "").strip()
        if code:
            commune = commune_by_code(code) if len(code) == 5 else None
            if commune is None:
                self.add_error("commune", UNKNOWN_COMMUNE)
            return commune
        if data.get("commune"):
            try:
                resolution = resolve_commune(data["commune"])
            except CommuneResolutionError as error:
                by_insee = {commune.pk for commune in error.by_insee_code}
                self.candidates = [_candidate(c, c.pk in by_insee) for c in error.candidates]
                self.add_error("commune", error.message)
                return None
            self.place_note = resolution.note
            return resolution.commune
        return self._position(str(data.get("lat") or "").strip(), str(data.get("lon") or "").strip())

    def _position(self, lat_text: str, lon_text: str) -> Commune | None:
        if not lat_text and not lon_text:
            return None
        lat, lon = _coordinate(lat_text, 90), _coordinate(lon_text, 180)
        if lat is None or lon is None:
            self.add_error("commune", POSITION_ERROR)
            return None
        commune = nearest_commune(lat, lon)
        if commune is None:
            self.add_error("commune", "Votre position est hors de France. Tapez le nom de votre commune.")
        return commune

    def to_query(self, page: int, size: int) -> SearchQuery:
        data = self.cleaned_data
        return SearchQuery(
            commune=data["place"],
            thematiques=[data["thematique"]] if data.get("thematique") else [],
            publics=[data["public"]] if data.get("public") else [],
            modes_accueil=[data["mode"]] if data.get("mode") else [],
            q=data.get("q") or "",
            open_now=bool(data.get("ouvert")),
            page=page,
            size=size,
        )
