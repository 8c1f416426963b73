"""Anonymous statistics for coordinators and the plan's indicators. Computed from statuses, dates, situation codes
and EPCI only (never from an encrypted field), so erased hand-overs still count. A count or a median drawn from
fewer than SMALL_CELL hand-overs is hidden: a small number in a small territory could point to a person."""

from __future__ import annotations

import datetime
import statistics as pystats
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from allervers.referrals.enums import ReferralStatus
from allervers.referrals.models import Referral
from allervers.taxonomy import terms
from allervers.territories.models import EPCI

SMALL_CELL = 5
NO_EPCI = "hors EPCI ou non renseigné"


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None: hidden (fewer than SMALL_CELL)


@dataclass(frozen=True)
class Report:
    total: int | None
    by_situation: list[Row]
    by_epci: list[Row]
    by_status: list[Row]
    unanswered: int | None
    median_hours_to_acknowledge: float | None
    median_hours_to_take_in_charge: float | None


def _hide(count: int) -> int | None:
    return count if count >= SMALL_CELL else None


def _rows(counter: Counter[str], labels: dict[str, str]) -> list[Row]:
    ordered = sorted(counter.items(), key=lambda item: (-item[1], labels.get(item[0], item[0])))
    return [Row(labels.get(code, code or NO_EPCI), _hide(count)) for code, count in ordered]


def _median_hours(delays: list[datetime.timedelta]) -> float | None:
    if len(delays) < SMALL_CELL:
        return None
    return round(pystats.median(delay.total_seconds() for delay in delays) / 3600, 1)


def report(referrals: QuerySet[Referral]) -> Report:
    rows = list(
        referrals.values_list("situation", "epci_code", "status", "created_at", "acknowledged_at", "in_charge_at")
    )
    situations = {code: term.label for code, term in terms.thematiques().items()}
    epcis = dict(EPCI.objects.filter(siren__in={row[1] for row in rows}).values_list("siren", "name"))
    epcis[""] = NO_EPCI
    statuses = {str(status.value): str(status.label) for status in ReferralStatus}
    unanswered = sum(1 for row in rows if row[4] is None and row[2] in {ReferralStatus.SENT, ReferralStatus.EXPIRED})
    return Report(
        total=_hide(len(rows)),
        by_situation=_rows(Counter(row[0] for row in rows), situations),
        by_epci=_rows(Counter(row[1] for row in rows), epcis),
        by_status=_rows(Counter(row[2] for row in rows), statuses),
        unanswered=_hide(unanswered),
        median_hours_to_acknowledge=_median_hours([row[4] - row[3] for row in rows if row[4] is not None]),
        median_hours_to_take_in_charge=_median_hours([row[5] - row[3] for row in rows if row[5] is not None]),
    )
