import pytest

from allervers.territories.enums import CommuneKind
from allervers.territories.resolver import suggest_communes

pytestmark = pytest.mark.django_db


def test_it_suggests_communes_by_name_prefix_the_most_populated_first():
    names = [commune.name for commune in suggest_communes("oyon")]

    assert names[0] == "Oyonnax"


def test_it_ignores_case_accents_and_saint_abbreviations_in_the_prefix():
    names = [commune.name for commune in suggest_communes("ST MAURICE DE BEY")]

    assert names == ["Saint-Maurice-de-Beynost"]


def test_it_lists_the_departments_communes_first_then_communes_of_today_before_delegated_ones():
    suggestions = suggest_communes("hauteville", limit=20)
    prefixed = [commune for commune in suggestions if commune.search_name.startswith("hauteville")]

    # The deployment's department (the Ain) first: Hauteville-Lompnes, a delegated commune of Plateau d'Hauteville.
    assert prefixed[0].name == "Hauteville-Lompnes" and prefixed[0].department_code == "01"
    elsewhere = [commune for commune in prefixed if commune.department_code != "01"]
    kinds = [commune.kind for commune in elsewhere]
    assert CommuneKind.COMMUNE in kinds
    assert kinds == sorted(kinds, key=lambda kind: kind != CommuneKind.COMMUNE)


def test_bourg_gives_bourg_en_bresse_before_bourges_in_the_ain():
    names = [commune.name for commune in suggest_communes("bourg")]

    assert names[0] == "Bourg-en-Bresse"
    assert names.index("Bourg-en-Bresse") < names.index("Bourges")


def test_another_deployment_ranks_its_own_department_first(settings):
    settings.ALLERVERS_DEPARTMENT_CODE = "18"

    assert suggest_communes("bourg")[0].name == "Bourges"


def test_it_suggests_by_postal_code_prefix():
    suggestions = suggest_communes("0110")

    assert "Oyonnax" in [commune.name for commune in suggestions]
    assert all(any(code.startswith("0110") for code in commune.postal_codes) for commune in suggestions)


def test_it_suggests_paris_arrondissements_for_a_paris_postal_code():
    assert [commune.code for commune in suggest_communes("75011")] == ["75111"]


def test_it_respects_the_limit():
    assert len(suggest_communes("saint", limit=7)) == 7


def test_it_also_matches_a_later_word_when_the_prefix_finds_too_few():
    names = [commune.name for commune in suggest_communes("beynost")]

    assert names[:2] == ["Beynost", "Saint-Maurice-de-Beynost"]


def test_it_suggests_nothing_for_blank_or_overlong_input():
    assert suggest_communes("   ") == []
    assert suggest_communes("011000") == []


def test_it_loads_parents_and_departments_in_the_same_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        labels = [(commune.label, commune.department_code) for commune in suggest_communes("bourg", limit=10)]

    assert labels
