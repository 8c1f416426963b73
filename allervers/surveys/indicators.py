"""The surveys' main indicators as automatic sources of the plan's indicators (fiche 3.2.x).

Each source gives, for a plan's department, the weighted share of the latest published survey, one measure per
survey (its title as category), in percent. Suppressed results give nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from allervers.plan.indicators import Measure, register_source

if TYPE_CHECKING:
    from allervers.plan.models import Plan

SOURCES = {
    "enquetes-victimes-violences-physiques": ("violences_physiques", "Enquête : victimes de violences physiques"),
    "enquetes-renoncement-sortir": ("renonce_sortir", "Enquête : renoncement à sortir seul"),
    "enquetes-insecurite-quartier": ("insecurite_quartier", "Enquête : insécurité ressentie dans le quartier"),
    "enquetes-connaissance-3919": ("connait_3919", "Enquête : connaissance du 3919"),
    "enquetes-plainte": ("plainte", "Enquête : victimes ayant porté plainte"),
}


def _compute_for(code: str) -> Callable[[Plan], list[Measure]]:
    def compute(plan: Plan) -> list[Measure]:
        from allervers.surveys import estimation
        from allervers.surveys.models import Survey
        from allervers.surveys.results import respondents_of

        measures = []
        for survey in Survey.objects.published().filter(department_id=plan.department_id):
            if not survey.questions.asked().filter(code=code).exists():
                continue
            respondents = respondents_of(survey)
            try:
                weighting = estimation.rake(respondents, survey.margins_dict())
            except estimation.EstimationError:
                continue
            result = estimation.estimate_question(code, respondents, weighting.weights, survey.threshold)
            if result.overall is not None:
                share = Decimal(str(round(100 * result.overall.weighted, 1)))
                measures.append(Measure(survey.title, share))
        return measures

    return compute


def register() -> None:
    for source_code, (question_code, label) in SOURCES.items():
        register_source(source_code, label, "%", _compute_for(question_code))
