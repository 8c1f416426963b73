"""Aggregates of the anonymous evaluations, per session or per offer. Free text stays with the organiser."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, QuerySet

from allervers.outreach.models import Evaluation

QUESTIONS = [
    ("satisfaction", "Satisfaction"),
    ("spotting", "Repérer les signes de violences"),
    ("referring", "Savoir vers qui orienter"),
]


@dataclass(frozen=True)
class Row:
    label: str
    before: Decimal | None
    after: Decimal


@dataclass(frozen=True)
class Summary:
    answers: int
    rows: list[Row]


def _round(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def summarise(evaluations: QuerySet[Evaluation]) -> Summary:
    data = evaluations.aggregate(
        n=Count("id"),
        satisfaction=Avg("satisfaction"),
        spotting_before=Avg("spotting_before"),
        spotting_after=Avg("spotting_after"),
        referring_before=Avg("referring_before"),
        referring_after=Avg("referring_after"),
    )
    if not data["n"]:
        return Summary(0, [])
    rows = [Row("Satisfaction", None, _round(data["satisfaction"]) or Decimal(0))]
    for key, label in QUESTIONS[1:]:
        rows.append(Row(label, _round(data[f"{key}_before"]), _round(data[f"{key}_after"]) or Decimal(0)))
    return Summary(int(data["n"]), rows)
