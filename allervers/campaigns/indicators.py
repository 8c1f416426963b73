"""The campaigns' measures: automatic sources of the plan's indicators (fiche 2.2.x), and the charts of the
coordinators' page. Sums over aggregates only: the scans are counts per day, never visits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum

from allervers.campaigns.enums import ShopKind
from allervers.campaigns.models import Campaign, Distribution, ScanCount, Sponsor
from allervers.territories.models import EPCI, Commune

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from allervers.plan.indicators import Measure
    from allervers.plan.models import Plan

NO_EPCI = "Communes hors intercommunalité"
BAR_WIDTH = 60  # percent of the chart's width the longest bar takes


def _shop_kind(code: str) -> str:
    return str(ShopKind(code).label) if code in ShopKind.values else code


def supports_by_commune_and_kind(campaigns: QuerySet[Campaign], department: str | None = None) -> Counter[str]:
    rows = Distribution.objects.filter(campaign__in=campaigns)
    if department:
        rows = rows.filter(shop__commune__department_id=department)
    counter: Counter[str] = Counter()
    for name, kind, total in rows.values_list("shop__commune__name", "shop__kind").annotate(total=Sum("quantity")):
        counter[f"{name} — {_shop_kind(kind)}"] += total
    return counter


def _territory_names(codes: Iterable[str]) -> dict[str, str]:
    codes = set(codes)
    names = {e.siren: e.name for e in EPCI.objects.filter(siren__in=codes)}
    names |= dict(Commune.objects.current().filter(code__in=codes).values_list("code", "name"))
    return names


def scans_by_campaign_and_commune(campaigns: QuerySet[Campaign], department: str | None = None) -> Counter[str]:
    rows = list(
        ScanCount.objects.filter(campaign__in=campaigns)
        .values_list("campaign__title", "territory_code")
        .annotate(total=Sum("count"))
    )
    names = _territory_names(code for _, code, _ in rows)
    in_department = _department_codes(department, names) if department else None
    counter: Counter[str] = Counter()
    for title, code, total in rows:
        if in_department is None or code in in_department:
            counter[f"{title} — {names.get(code, code)}"] += total
    return counter


def _department_codes(department: str, names: dict[str, str]) -> set[str]:
    communes = Commune.objects.current().filter(department_id=department)
    return set(communes.values_list("code", flat=True)) | set(
        communes.exclude(epci_id=None).values_list("epci_id", flat=True)
    )


def shops_by_epci(campaigns: QuerySet[Campaign], department: str | None = None) -> Counter[str]:
    """Shops that received at least one support, in the EPCI of their commune."""
    shops = Sponsor.objects.filter(campaign__in=campaigns, distributions__isnull=False).distinct()
    if department:
        shops = shops.filter(commune__department_id=department)
    return Counter(name or NO_EPCI for name in shops.values_list("commune__epci__name", flat=True))


def _measures(counter: Counter[str]) -> list[Measure]:
    from allervers.plan.indicators import Measure

    return [Measure(category, Decimal(count)) for category, count in sorted(counter.items())]


def plan_supports(plan: Plan) -> list[Measure]:
    return _measures(supports_by_commune_and_kind(Campaign.objects.all(), plan.department_id))


def plan_scans(plan: Plan) -> list[Measure]:
    return _measures(scans_by_campaign_and_commune(Campaign.objects.all(), plan.department_id))


def plan_shops(plan: Plan) -> list[Measure]:
    return _measures(shops_by_epci(Campaign.objects.all(), plan.department_id))


def register() -> None:
    from allervers.plan.indicators import register_source

    register_source(
        "campagnes-supports-par-commune", "Supports distribués par commune et commerce", "supports", plan_supports
    )
    register_source("campagnes-passages-qr", "Passages par code QR, par campagne et territoire", "passages", plan_scans)
    register_source("campagnes-commerces-par-epci", "Commerces relais par EPCI", "commerces", plan_shops)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float  # percent
    y: int


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return 28 * len(self.bars) + 8


def _chart(title: str, unit: str, counter: Counter[str]) -> Chart:
    top = max(counter.values(), default=0) or 1
    bars = [
        Bar(label, value, BAR_WIDTH * value / top, 4 + 28 * index)
        for index, (label, value) in enumerate(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
    ]
    return Chart(title, unit, bars)


def charts(campaigns: QuerySet[Campaign]) -> list[Chart]:
    return [
        _chart(
            "Supports distribués, par commune et type de commerce", "supports", supports_by_commune_and_kind(campaigns)
        ),
        _chart(
            "Passages par code QR, par campagne et territoire", "passages", scans_by_campaign_and_commune(campaigns)
        ),
        _chart("Commerces relais, par intercommunalité", "commerces", shops_by_epci(campaigns)),
    ]
