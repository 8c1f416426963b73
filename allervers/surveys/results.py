"""A survey's results: its answers weighted to its margins, every indicator estimated and read in plain French."""

from __future__ import annotations

from dataclasses import dataclass, field

from allervers.surveys import estimation
from allervers.surveys.estimation import EstimationError, QuestionResult, Respondent, TerritoryCell, Weighting
from allervers.surveys.models import Question, Survey
from allervers.surveys.national import no_reference
from allervers.surveys.report import reading
from allervers.surveys.territory import names, with_epci


@dataclass(frozen=True)
class IndicatorResult:
    question: Question
    result: QuestionResult
    reading: str
    places: tuple[tuple[str, TerritoryCell], ...] = ()  # (name, cell) of each commune or EPCI

    @property
    def no_national(self) -> str:
        """Why there is no national comparison (empty when there is one)."""
        return "" if self.question.national_reference_id else no_reference(self.question.code)


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    respondents: int
    response_rate: float | None
    weighting: Weighting | None
    problems: list[str] = field(default_factory=list)
    indicators: list[IndicatorResult] = field(default_factory=list)
    territory_names: dict[str, str] = field(default_factory=dict)

    @property
    def territory_level(self) -> str:
        return self.indicators[0].result.territory_level if self.indicators else "commune"


def respondents_of(survey: Survey) -> list[Respondent]:
    """The survey's answers as the engine reads them; with their EPCI when the margins are by EPCI."""
    respondents = [
        Respondent(commune=r.commune, sexe=r.sexe, age_groupe=r.age_groupe, answers=r.answers)
        for r in survey.responses.all()
    ]
    if survey.margins.filter(variable="epci").exists():
        return with_epci(respondents)
    return respondents


def statement(question: Question) -> str:
    """« Au cours des 12 derniers mois, vous a-t-on insulté·e ? » → the end of « … des habitants [statement] »."""
    text = question.text.rstrip(" ?")
    return f"répondent « oui » à : « {text} »"


def compute(survey: Survey, *, all_questions: bool = False) -> SurveyResults:
    respondents = respondents_of(survey)
    rate = len(respondents) / survey.invited if survey.invited else None
    try:
        weighting = estimation.rake(respondents, survey.margins_dict())
    except EstimationError as error:
        return SurveyResults(survey, len(respondents), rate, None, error.errors)
    problems = []
    if not weighting.converged:
        problems.append(
            f"Le calage n'a pas atteint les marges (écart maximal {weighting.max_gap:.1%}) : les résultats sont "
            "à lire avec prudence."
        )
    questions = survey.questions.asked().select_related("national_reference", "shown_if")
    if not all_questions:
        questions = questions.filter(indicator=True)
    indicators = []
    level = estimation.territory_level(respondents)
    territory_names = names(str(getattr(r, level)) for r in respondents)
    for question in questions:
        result = estimation.estimate_question(question.code, respondents, weighting.weights, survey.threshold)
        population = "des victimes d'au moins une atteinte" if question.shown_if_id else "des habitants"
        places = tuple((territory_names[cell.territory], cell) for cell in result.territories)
        text = reading(result.overall, statement(question), population)
        indicators.append(IndicatorResult(question, result, text, places))
    return SurveyResults(survey, len(respondents), rate, weighting, problems, indicators, territory_names)
