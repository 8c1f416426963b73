"""A field that people never see and robots fill in: public forms refuse robots without a captcha."""

from __future__ import annotations

from typing import Any

from django import forms

TEMPLATE = "components/honeypot_field.html"


class HoneypotField(forms.CharField):
    """Rendered off-screen, hidden from assistive technologies (aria-hidden) and out of the tab order, always empty
    (components/honeypot_field.html). Anything typed into it makes the form invalid."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Laissez ce champ vide")
        kwargs.setdefault("template_name", TEMPLATE)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        if super().clean(value):
            raise forms.ValidationError("Ce champ doit rester vide.")
        return ""
