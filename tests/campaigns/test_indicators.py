"""The campaigns' automatic sources for the plan's indicators."""

import datetime
from decimal import Decimal

import pytest

from allervers.campaigns.models import Distribution, ScanCount, Sponsor
from allervers.plan.indicators import get_source
from allervers.territories.models import Department
from tests.factories import commune

pytestmark = pytest.mark.django_db


class _Plan:
    department_id = "01"


def test_the_sources_measure_supports_scans_and_shops(campaign):
    assert Department.objects.filter(code="01").exists()
    shop = Sponsor.objects.create(
        campaign=campaign, name="Pharmacie fictive", kind="pharmacie", commune=commune("01283")
    )
    Sponsor.objects.create(campaign=campaign, name="Sans remise", kind="tabac", commune=commune("01034"))
    for quantity in (300, 200):
        Distribution.objects.create(
            campaign=campaign,
            shop=shop,
            support="sachet",
            quantity=quantity,
            delivered_on=datetime.date(2026, 11, 24),
            delivered_by="Équipe",
        )
    ScanCount.objects.create(
        campaign=campaign, support="sachet", territory_code="01283", day=datetime.date(2026, 11, 30), count=4
    )
    ScanCount.objects.create(
        campaign=campaign, support="carte", territory_code="01283", day=datetime.date(2026, 12, 1), count=3
    )

    def measures(code):
        source = get_source(code)
        assert source is not None
        return {m.category: m.value for m in source.compute(_Plan())}

    assert measures("campagnes-supports-par-commune") == {"Oyonnax — pharmacie": Decimal(500)}
    assert measures("campagnes-passages-qr") == {"Violences intrafamiliales : parlons-en — Oyonnax": Decimal(7)}
    assert measures("campagnes-commerces-par-epci") == {
        "Communauté d'agglomération Haut - Bugey Agglomération": Decimal(1)
    }
