"""A form field for a commune typed as people write it, resolved by the commune resolver."""

from __future__ import annotations

from typing import Any

from django import forms

from allervers.territories.models import Commune
from allervers.territories.resolver import CommuneResolutionError, resolve_commune


class CommuneField(forms.CharField):
    """« 01100 Oyonnax », « CCAS :01703 Saint-Maurice-de-Beynost »… cleans to the current Commune, or None if empty.

    An ambiguous or unknown text is a French validation error naming the candidates.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Commune | None:
        text = str(super().clean(value) or "").strip()
        if not text:
            return None
        try:
            return resolve_commune(text).commune
        except CommuneResolutionError as error:
            raise forms.ValidationError(error.message) from error
