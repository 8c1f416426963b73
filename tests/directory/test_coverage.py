"""The coverage page says, for each theme, which communes no service reaches and why, which ones only a
department-level actor reaches, and which listings reaching the territory have no contact yet."""

import pytest
from django.db.models import Q
from django.urls import reverse

from allervers.directory.coverage import NO_SERVICE, OUT_OF_ZONE, coverage_gaps
from allervers.directory.demo import load_demo
from tests.factories import ServiceFactory, StructureFactory, commune, coordinator

pytestmark = pytest.mark.django_db

CONJUGALES = "aide-aux-victimes--violences-conjugales"
HANDICAP = "aide-aux-victimes--maltraitance-personnes-handicapees"
OYONNAX, BELLEY = "01283", "01034"


def row(rows, code):
    return next(r for r in rows if r.thematique.code == code)


def ain():
    return Q(department_id="01")


def test_a_need_nobody_lists_is_a_gap_for_that_reason():
    rows = coverage_gaps(ain())
    assert row(rows, CONJUGALES).gap_reason == NO_SERVICE
    assert len(row(rows, CONJUGALES).uncovered) == row(rows, CONJUGALES).total


def test_a_need_listed_elsewhere_is_a_gap_for_want_of_zone():
    ServiceFactory(thematiques=[CONJUGALES], zone_eligibilite=[commune(OYONNAX).epci_id])
    conjugales = row(coverage_gaps(ain()), CONJUGALES)
    assert conjugales.gap_reason == OUT_OF_ZONE
    assert commune(BELLEY) in conjugales.uncovered and commune(OYONNAX) not in conjugales.uncovered


def test_a_department_wide_actor_covers_but_is_reported_as_the_only_one():
    structure = StructureFactory(name="Acteur départemental fictif", phone="", website="")
    ServiceFactory(structure=structure, thematiques=[HANDICAP], zone_eligibilite=["01"], phone="", channels=[])
    ServiceFactory(thematiques=[HANDICAP], zone_eligibilite=[OYONNAX], phone="04 74 00 00 01")
    handicap = row(coverage_gaps(ain()), HANDICAP)
    assert handicap.uncovered == [] and handicap.gap_reason == ""
    assert commune(BELLEY) in handicap.wide_only and commune(OYONNAX) not in handicap.wide_only
    assert handicap.wide_actors == ["Acteur départemental fictif"]
    assert handicap.without_contact == ["Acteur départemental fictif"]


def test_a_national_helpline_hides_no_local_gap():
    ServiceFactory(thematiques=[CONJUGALES], zone_eligibilite=["france"], kind="helpline")
    assert row(coverage_gaps(ain()), CONJUGALES).gap_reason == NO_SERVICE


def test_the_page_shows_the_remaining_gaps_of_the_ain_demo_and_why(client):
    load_demo()
    client.force_login(coordinator(zone_codes=["01"]))
    html = client.get(reverse("backoffice:coverage")).content.decode()
    assert "Pourquoi" in html
    rows = coverage_gaps(ain())
    for reason in {r.gap_reason for r in rows if r.uncovered}:
        assert reason.replace("'", "&#x27;") in html
    assert "Communes atteintes seulement par un acteur départemental ou régional" in html
    # Department-wide actors are named; a police station without a sourced contact is listed as such.
    assert "Maison départementale des personnes handicapées (MDPH) de l&#x27;Ain" in html
    assert "Commissariat de police d&#x27;Oyonnax" in html
    assert "Fiches sans coordonnées" in html
