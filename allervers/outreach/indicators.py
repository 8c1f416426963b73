"""The module's automatic plan indicators (fiches 2.1.x), registered from OutreachConfig.ready()."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from allervers.outreach import reach
from allervers.plan.indicators import Measure, register_source

if TYPE_CHECKING:
    from allervers.plan.models import Plan


def _measures(counter: Counter[str]) -> list[Measure]:
    return [Measure(category, Decimal(count)) for category, count in sorted(counter.items())]


def _source(count: Callable[[str], Counter[str]]) -> Callable[[Plan], list[Measure]]:
    def compute(plan: Plan) -> list[Measure]:
        return _measures(count(plan.department_id))

    return compute


def target_share(plan: Plan) -> list[Measure]:
    return [Measure(row.epci.name, row.share) for row in reach.target_reach(plan.department_id)]


SOURCES = [
    ("formations-personnes-formees-profession", "Personnes formées, par profession", "personnes", reach.by_profession),
    ("formations-personnes-formees-epci", "Personnes formées, par EPCI de travail", "personnes", reach.by_epci),
    (
        "formations-personnes-formees-commune",
        "Personnes formées, par commune de travail",
        "personnes",
        reach.by_commune,
    ),
    ("formations-personnes-formees-thematique", "Personnes formées, par thématique", "personnes", reach.by_topic),
    ("formations-personnes-formees-annee", "Personnes formées, par année", "personnes", reach.by_year),
    ("formations-sessions-tenues", "Sessions de formation tenues, par année", "sessions", reach.sessions_held),
    (
        "sensibilisation-public-touche",
        "Public touché par les actions de sensibilisation, par EPCI",
        "personnes",
        reach.public_reached,
    ),
]


def register() -> None:
    for code, label, unit, count in SOURCES:
        register_source(code, label, unit, _source(count))
    register_source(
        "formations-part-professions-cibles-epci",
        "Part des professions cibles du plan touchées, par EPCI",
        "%",
        target_share,
    )
