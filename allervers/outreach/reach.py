"""Who has been trained, where, on what; public reached; which target professions no one from an EPCI has met yet.

Counted over the registrations pointed present (a person trained twice counts twice: these are attendances), placed
by their commune of work; sessions and events by their commune. Everything is restricted to one department.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from allervers.outreach.enums import SEED_TARGETS, Attendance, Profession, RegistrationStatus, Topic
from allervers.outreach.models import AwarenessEvent, Registration, Session
from allervers.territories.models import EPCI

NO_EPCI = "Communes hors intercommunalité"


def trained(department: str) -> QuerySet[Registration]:
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        attendance=Attendance.PRESENT,
        work_commune__department_id=department,
        session__cancelled_at__isnull=True,
    )


def by_profession(department: str) -> Counter[str]:
    labels = dict(Profession.choices)
    return Counter(labels.get(code, code) for code in trained(department).values_list("profession", flat=True))


def by_epci(department: str) -> Counter[str]:
    return Counter(name or NO_EPCI for name in trained(department).values_list("work_commune__epci__name", flat=True))


def by_commune(department: str) -> Counter[str]:
    return Counter(trained(department).values_list("work_commune__name", flat=True))


def by_topic(department: str) -> Counter[str]:
    labels = dict(Topic.choices)
    rows = trained(department).values_list("session__offer__topic", flat=True)
    return Counter(labels.get(code, code) for code in rows)


def _years(moments: Iterable[datetime.datetime]) -> Counter[str]:
    return Counter(str(timezone.localtime(moment).year) for moment in moments)


def by_year(department: str) -> Counter[str]:
    return _years(trained(department).values_list("session__starts_at", flat=True))


def sessions_held(department: str, now: datetime.datetime | None = None) -> Counter[str]:
    """Sessions ended, with at least one person pointed present, by year."""
    held = (
        Session.objects.in_department(department)
        .not_cancelled()
        .filter(ends_at__lt=now or timezone.now(), registrations__attendance=Attendance.PRESENT)
        .distinct()
    )
    return _years(held.values_list("starts_at", flat=True))


def public_reached(department: str, now: datetime.datetime | None = None) -> Counter[str]:
    """People reached by the awareness events that took place, by EPCI of the event's commune."""
    events = AwarenessEvent.objects.filter(
        commune__department_id=department,
        ends_at__lt=now or timezone.now(),
        public_reached__isnull=False,
        cancelled_at__isnull=True,
    )
    counter: Counter[str] = Counter()
    for name, reached in events.values_list("commune__epci__name", "public_reached"):
        counter[name or NO_EPCI] += reached or 0
    return counter


@dataclass(frozen=True)
class EpciReach:
    epci: EPCI
    reached: list[str]
    missing: list[str]

    @property
    def share(self) -> Decimal:
        total = len(self.reached) + len(self.missing)
        value = Decimal(100 * len(self.reached)) / Decimal(total) if total else Decimal(0)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def target_reach(department: str, epci_filter: Q | None = None) -> list[EpciReach]:
    """For each EPCI of the department: the seed's target professions with someone trained there, and the others."""
    epcis = EPCI.objects.filter(communes__department_id=department)
    if epci_filter is not None:
        epcis = epcis.filter(epci_filter)
    seen: dict[str, set[str]] = {}
    for siren, profession in trained(department).values_list("work_commune__epci_id", "profession"):
        seen.setdefault(siren or "", set()).add(profession)
    labels = dict(Profession.choices)
    rows = []
    for epci in epcis.distinct().order_by("name"):
        met = seen.get(epci.siren, set())
        rows.append(
            EpciReach(
                epci,
                [labels[p] for p in SEED_TARGETS if p in met],
                [labels[p] for p in SEED_TARGETS if p not in met],
            )
        )
    return rows
