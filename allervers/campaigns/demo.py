"""The demo campaign (demo/vif-2026.json, sources in demo/SOURCES.md): fictitious shops, marked as such, in
Oyonnax (Haut-Bugey) and Belley (Bugey). Safe to re-run: every object is found again by its natural key."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from allervers.campaigns.models import Campaign, Distribution, Sponsor
from allervers.territories.models import Commune

DEMO_FILE = Path(__file__).parent / "demo" / "vif-2026.json"


@dataclass(frozen=True)
class DemoReport:
    campaign: str
    sponsors: int
    distributions: int
    fiches: int


@transaction.atomic
def load_campaigns_demo(path: Path = DEMO_FILE) -> DemoReport:
    data = json.loads(path.read_text(encoding="utf-8"))
    raw = data["campaign"]
    campaign, _ = Campaign.objects.update_or_create(
        slug=raw["slug"],
        defaults={
            "title": raw["title"],
            "message": raw["message"],
            "easy_message": raw["easy_message"],
            "theme": raw["theme"],
            "starts_on": datetime.date.fromisoformat(raw["starts_on"]),
            "ends_on": datetime.date.fromisoformat(raw["ends_on"]),
            "territory_code": raw["territory_code"],
            "target_publics": raw["target_publics"],
            "is_demo": True,
        },
    )
    campaign.fiches.set(_fiches(raw["fiches"]))
    shops = {item["key"]: _sponsor(campaign, item) for item in data["sponsors"]}
    campaign.distributions.all().delete()
    Distribution.objects.bulk_create(
        Distribution(
            campaign=campaign,
            shop=shops[item["shop"]],
            support=item["support"],
            quantity=item["quantity"],
            delivered_on=datetime.date.fromisoformat(item["delivered_on"]),
            delivered_by=item["delivered_by"],
        )
        for item in data["distributions"]
    )
    return DemoReport(campaign.title, len(shops), len(data["distributions"]), campaign.fiches.count())


def _sponsor(campaign: Campaign, item: dict[str, Any]) -> Sponsor:
    sponsor, _ = Sponsor.objects.update_or_create(
        campaign=campaign,
        name=item["name"],
        defaults={
            "kind": item["kind"],
            "commune": Commune.objects.current().get(code=item["commune"]),
            "contribution": item["contribution"],
            "is_demo": True,
        },
    )
    return sponsor


def _fiches(numbers: list[str]) -> list[Any]:
    """The demo plan's fiches of these numbers, if the plan demo is loaded (load-plan-demo)."""
    fiche_model = Campaign._meta.apps.get_model("plan", "FicheAction")
    return list(fiche_model.objects.filter(number__in=numbers, action__axis__plan__is_demo=True))
