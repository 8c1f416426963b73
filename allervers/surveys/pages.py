"""Pages of a questionnaire, which questions a page asks given the answers so far, and the help shown at the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allervers.surveys.models import Question, Survey


def survey_pages(survey: Survey) -> list[int]:
    """The page numbers of a survey's questions, in order (the profile page comes after them)."""
    return sorted(set(survey.questions.asked().values_list("page", flat=True)))


def relevant(survey: Survey, page: int, answers: dict[str, Any]) -> list[Question]:
    """Questions of this page to ask: those with no condition, or whose condition was answered « oui »."""
    questions = survey.questions.asked().filter(page=page).select_related("shown_if")
    return [question for question in questions if question.is_relevant(answers)]


def communes_of(survey: Survey) -> list[tuple[str, str]]:
    """Communes a respondent can pick: the survey's commune margins (or the communes of its EPCI margins), named
    from the COG."""
    from allervers.territories.models import Commune

    codes = list(survey.margins.filter(variable="commune").values_list("modality", flat=True))
    sirens = list(survey.margins.filter(variable="epci").values_list("modality", flat=True))
    if sirens:
        codes += list(Commune.objects.current().filter(epci_id__in=sirens).values_list("code", flat=True))
    names = dict(Commune.objects.current().filter(code__in=codes).values_list("code", "name"))
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda pair: pair[1])


@dataclass(frozen=True)
class HelpLine:
    number: str
    title: str
    when: str

    @property
    def href(self) -> str:
        return "tel:" + self.number.replace(" ", "")


# National listening lines (numbers from the project's FACTS.md; stable national facts).
HELP_LINES = (
    HelpLine("3919", "Violences Femmes Info", "Gratuit, anonyme, 24 heures sur 24 : écoute et orientation."),
    HelpLine("116 006", "France Victimes", "Aide à toute victime d'une infraction."),
    HelpLine("119", "Allô Enfance en Danger", "Gratuit, 24 heures sur 24 : un enfant en danger."),
    HelpLine("3977", "Maltraitance des personnes âgées et des adultes handicapés", ""),
    HelpLine("3018", "Cyberharcèlement et violences en ligne", "Gratuit, anonyme."),
)
