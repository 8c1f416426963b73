import datetime
from decimal import Decimal

import pytest

from allervers.plan import indicators
from allervers.plan.models import Indicator
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db


def _measures(source_code, plan):
    return {m.category: m.value for m in indicators.get_source(source_code).compute(plan)}


def test_the_registry_holds_the_sources_that_exist_today():
    codes = {source.code for source in indicators.sources()}
    assert codes >= {"annuaire-structures-par-epci", "annuaire-services-par-epci", "communes-sans-couverture"}


def test_it_counts_visible_structures_of_the_department_per_epci(small_plan):
    bourg = commune("01053")
    StructureFactory(commune=bourg)
    StructureFactory(commune=bourg, status="draft")
    StructureFactory(commune=commune("69123"))  # Lyon: another department
    counts = _measures("annuaire-structures-par-epci", small_plan.plan)
    # The small plan's pilot already sits in Bourg-en-Bresse.
    assert counts[bourg.epci.name] == Decimal(2)
    assert sum(counts.values()) == 3  # + the partner in another EPCI of the Ain


def test_it_counts_services_in_the_epci_of_their_commune(small_plan):
    bourg = commune("01053")
    ServiceFactory(commune=bourg)
    ServiceFactory(remote=True, structure=StructureFactory(commune=commune("01283")))
    counts = _measures("annuaire-services-par-epci", small_plan.plan)
    assert counts[bourg.epci.name] == Decimal(1)
    assert counts[commune("01283").epci.name] == Decimal(1)


def test_a_department_wide_service_covers_every_commune(small_plan):
    before = _measures("communes-sans-couverture", small_plan.plan)
    label = next(iter(before))
    assert before[label] > 300  # the Ain has about 390 communes
    theme = "aide-aux-victimes--ecoute-et-orientation"
    ServiceFactory(zone_eligibilite=["01"], thematiques=[theme])
    after = _measures("communes-sans-couverture", small_plan.plan)
    from allervers.taxonomy import terms

    theme_label = next(t.label for t in terms.victim_thematiques() if t.code == theme)
    assert after[theme_label] == 0


def test_refresh_stores_todays_values_and_replaces_them_when_run_again(small_plan):
    indicator = Indicator.objects.create(
        plan=small_plan.plan, title="Structures par EPCI", automatic_source="annuaire-structures-par-epci"
    )
    day = datetime.date(2025, 6, 1)
    assert indicator.refresh(day=day) == 2
    assert indicator.refresh(day=day) == 2
    assert indicator.values.count() == 2
    assert {v.measured_on for v in indicator.latest_values()} == {day}


def test_a_manual_indicator_is_not_refreshed(small_plan):
    indicator = Indicator.objects.create(plan=small_plan.plan, title="Journées de sensibilisation")
    assert indicator.refresh() == 0


def test_the_fiche_page_shows_the_latest_values_of_its_indicators(client, small_plan):
    from django.urls import reverse

    from allervers.plan.models import IndicatorValue
    from tests.factories import coordinator

    fiche = small_plan.alone
    counted = Indicator.objects.create(plan=small_plan.plan, fiche=fiche, title="Personnes formées", unit="personnes")
    for day, category, value in [
        (datetime.date(2026, 1, 5), "Oyonnax", 3),
        (datetime.date(2026, 6, 5), "Oyonnax", 12),
        (datetime.date(2026, 6, 5), "Belley", 4),
    ]:
        IndicatorValue.objects.create(indicator=counted, measured_on=day, category=category, value=Decimal(value))
    Indicator.objects.create(plan=small_plan.plan, fiche=fiche, title="Actions sur les marchés")
    client.force_login(coordinator(("01",)))
    text = " ".join(client.get(reverse("plan:fiche", args=[fiche.pk])).content.decode().split())
    assert "Personnes formées — au 05/06/2026 : Belley : 4 personnes ; Oyonnax : 12 personnes" in text
    assert "Actions sur les marchés — pas encore de valeur" in text
