"""The public orientation assistant: four plain questions, one answer page, nothing stored anywhere.

The answers travel only in the body of a POST and the answer page is that POST's response (Cache-Control: no-store):
no URL, no session, no database row and no log line carries what a person said.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from allervers.directory.places import commune_by_code
from allervers.pathways.enums import Asker, DangerAnswer
from allervers.pathways.models import Situation
from allervers.pathways.resolution import ResolvedStep, RoleResolver, resolve_situation
from allervers.territories.models import Commune
from allervers.territories.resolver import CommuneResolutionError, resolve_commune


def situation_choices() -> list[tuple[str, str]]:
    return list(Situation.objects.published().values_list("slug", "question_label"))


class AssistantForm(DsfrBaseForm):
    pour_qui = forms.ChoiceField(
        label="Pour qui cherchez-vous de l'aide ?", choices=Asker.choices, widget=forms.RadioSelect
    )
    situation = forms.ChoiceField(label="Que se passe-t-il ?", choices=situation_choices, widget=forms.RadioSelect)
    danger = forms.ChoiceField(
        label="Quelqu'un est-il en danger en ce moment ?", choices=DangerAnswer.choices, widget=forms.RadioSelect
    )
    commune = forms.CharField(
        label="Où ? Votre commune ou votre code postal",
        help_text="Pour vous indiquer l'aide la plus proche. Par exemple : Oyonnax, ou 01100.",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    code_commune = forms.CharField(required=False, max_length=5)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates: list[tuple[Commune, str]] = []  # with how each reads

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["place"] = None
        code = (data.get("code_commune") or "").strip()
        text = (data.get("commune") or "").strip()
        if code:
            data["place"] = commune_by_code(code)
            if data["place"] is None:
                self.add_error("commune", "Cette commune est introuvable. Écrivez son nom ou son code postal.")
        elif text:
            try:
                data["place"] = resolve_commune(text).commune
            except CommuneResolutionError as error:
                # A five-digit text is first a postal code: a commune it names only as its INSEE code says so.
                self.candidates = [
                    (c, f"{c.name} (code INSEE {c.code})" if text == c.code and text not in c.postal_codes else c.label)
                    for c in error.candidates
                ]
                message = "Précisez votre commune dans la liste ci-dessous." if error.candidates else error.message
                self.add_error("commune", message)
        return data


@dataclass
class Answer:
    situation: Situation
    commune: Commune | None
    in_danger: bool
    unsure: bool
    professional: bool
    steps: list[ResolvedStep] = field(default_factory=list)


def build_answer(data: dict[str, Any], moment: datetime.datetime | None = None) -> Answer:
    situation = Situation.objects.published().get(slug=data["situation"])
    professional = data["pour_qui"] == Asker.PROFESSIONAL
    danger = data["danger"] in {DangerAnswer.YES, DangerAnswer.UNSURE}
    steps = [s for s in situation.ordered_steps() if s.applies(danger=danger, professional=professional)]
    commune: Commune | None = data.get("place")
    answer = Answer(
        situation=situation,
        commune=commune,
        in_danger=data["danger"] == DangerAnswer.YES,
        unsure=data["danger"] == DangerAnswer.UNSURE,
        professional=professional,
    )
    if commune is not None:
        answer.steps = resolve_situation(steps, commune, moment)
    else:
        # Without a place, only national lines and online services can be given.
        resolver = RoleResolver({step.role for step in steps})
        answer.steps = [ResolvedStep(step, resolver.resolve_national(step.role, moment)) for step in steps]
    return answer
