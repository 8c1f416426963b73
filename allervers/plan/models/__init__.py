from allervers.plan.models.fiches import BudgetLine, FicheAction, FollowUpNote, Step
from allervers.plan.models.indicators import Indicator, IndicatorValue
from allervers.plan.models.meetings import Decision, Meeting, Participant, WorkingGroup
from allervers.plan.models.plan import Action, Axis, FicheTemplate, Plan, TemplateField

__all__ = [
    "Action",
    "Axis",
    "BudgetLine",
    "Decision",
    "FicheAction",
    "FicheTemplate",
    "FollowUpNote",
    "Indicator",
    "IndicatorValue",
    "Meeting",
    "Participant",
    "Plan",
    "Step",
    "TemplateField",
    "WorkingGroup",
]
