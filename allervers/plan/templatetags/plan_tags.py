from django import template

from allervers.plan.enums import FicheStatus

register = template.Library()

_BADGES = {
    FicheStatus.PLANNED: "fr-badge--new",
    FicheStatus.IN_PROGRESS: "fr-badge--info",
    FicheStatus.DONE: "fr-badge--success",
    FicheStatus.PAUSED: "fr-badge--warning",
    FicheStatus.LATE: "fr-badge--warning",
    FicheStatus.BLOCKED: "fr-badge--error",
    FicheStatus.ABANDONED: "",
}


@register.filter
def status_badge(status: str) -> str:
    """The DSFR badge class of a fiche status (the label always says it too: colour is never the only cue)."""
    return _BADGES.get(FicheStatus(status), "") if status in FicheStatus.values else ""
