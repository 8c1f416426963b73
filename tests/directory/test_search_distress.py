"""A person in distress who names no need, or names it in their own words, meets the national lines first: the
general lines ranked first near a commune (directory/general_lines.py), a text that names an urgent theme ranked
as the theme would be. Both are the public page's reading: a query that does not ask for them is unchanged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from allervers.directory import general_lines
from allervers.directory.demo import load_demo
from allervers.directory.models import Service
from allervers.directory.search import SearchQuery, search_services
from allervers.taxonomy import terms
from tests.factories import ServiceFactory, commune

pytestmark = pytest.mark.django_db

OYONNAX = "01283"
GENERAL = {
    "fnsf-3919--violences-femmes-info",
    "gip-enfance-en-danger-119--119",
    "france-victimes--116006",
    "federation-3977--3977",
    "e-enfance-3018--3018",
}
VIOLENCES_CONJUGALES = "aide-aux-victimes--violences-conjugales"


@pytest.fixture
def demo(db):
    load_demo()


def run(**kwargs):
    return search_services(SearchQuery(commune=commune(OYONNAX), **kwargs))


def test_a_search_without_a_need_ranks_the_general_lines_first_on_its_first_page_only(demo):
    first, second = run(general_lines_first=True), run(general_lines_first=True, page=2)
    assert {hit.service.source_id for hit in first.leading_lines} == GENERAL
    assert [hit.service.source_id for hit in first.hits[: len(GENERAL)]] == [
        h.service.source_id for h in first.leading_lines
    ]
    assert second.leading_lines == []
    shown = [hit.service.pk for hit in first.hits + second.hits]
    assert len(shown) == len(set(shown)) == first.total == run().total, "each service once, none left out"


def test_the_sql_and_the_python_rule_name_the_same_lines(demo):
    everything = run(general_lines_first=True, size=100)
    ranked_first = {hit.service.pk for hit in everything.leading_lines}
    by_python = {service.pk for service in Service.objects.visible() if general_lines.is_general_line(service)}
    assert ranked_first == by_python
    assert not any(general_lines.is_general_line(hit.service) for hit in everything.other_hits)


def test_an_emergency_number_a_paid_line_or_a_line_for_one_public_is_not_a_general_line(db):
    base = {"helpline": True, "publics": ["temoins"]}
    lines = {
        "Générale": ServiceFactory(name="Générale", phone="3919", **base),
        "Urgence": ServiceFactory(name="Urgence", phone="115", **base),
        "Payante": ServiceFactory(name="Payante", phone="0800 000 000", **{**base, "frais": "payant"}),
        "Un seul public": ServiceFactory(name="Un seul public", phone="3977", **{**base, "publics": ["seniors"]}),
        "Sans numéro": ServiceFactory(name="Sans numéro", phone="", **base),
    }
    result = run(general_lines_first=True)
    assert [hit.service.name for hit in result.leading_lines] == ["Générale"]
    assert {name for name, line in lines.items() if general_lines.is_general_line(line)} == {"Générale"}


def test_the_general_lines_cost_no_query_of_their_own(demo):
    place = commune(OYONNAX)

    def statements(**kwargs):
        with CaptureQueriesContext(connection) as captured:
            result = search_services(SearchQuery(commune=place, **kwargs))
            [hit.service.structure.name for hit in result.hits]
        return len(captured.captured_queries)

    statements()  # warm the per-process reads (the commune's zone codes)
    assert statements(general_lines_first=True) == statements() == 1, "the page's services and their structures"


def test_without_the_page_s_reading_the_ranking_is_unchanged(demo):
    plain = run(size=100)
    assert plain.leading_lines == [] and not plain.query.is_urgent
    assert [hit.service.pk for hit in plain.hits] != [
        hit.service.pk for hit in run(general_lines_first=True, size=100).hits
    ]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("violences conjugales", VIOLENCES_CONJUGALES),
        ("mon conjoint violent", VIOLENCES_CONJUGALES),
        ("viol", "aide-aux-victimes--violences-sexuelles"),
        ("inceste", "aide-aux-victimes--violences-sexuelles"),
        ("maltraitance", "aide-aux-victimes--maltraitance-personnes-agees"),
        ("harcèlement", "aide-aux-victimes--cyberharcelement"),
        ("hébergement d'urgence", "aide-aux-victimes--mise-a-l-abri"),
    ],
)
def test_a_text_names_the_urgent_theme_of_the_taxonomy(text, theme):
    assert terms.urgent_thematiques_named(text)[0] == theme
    assert terms.names_distress(text)


@pytest.mark.parametrize("text", ["juriste", "hébergement", "violences", "plainte", "3919", ""])
def test_an_ordinary_text_names_no_distress(text):
    assert not terms.names_distress(text)


def test_suicide_is_a_distress_without_a_theme():
    assert terms.names_distress("je pense au suicide") and terms.urgent_thematiques_named("suicide") == []


def test_a_text_that_names_an_urgent_theme_ranks_its_lines_first_as_the_theme_would(demo):
    text = "violences conjugales"
    named = run(q=text, named_thematiques=terms.urgent_thematiques_named(text), names_distress=True)
    plain = run(q=text)
    assert named.query.is_urgent and not plain.query.is_urgent
    assert named.total == plain.total
    # The lines whose main theme it is first (the 114 and the 3919), then the others that match the text.
    assert {hit.service.source_id for hit in named.leading_lines[:2]} == {
        "cnr-114--114",
        "fnsf-3919--violences-femmes-info",
    }
    assert all(hit.service.is_helpline for hit in named.leading_lines)
    assert {hit.service.pk for hit in named.leading_lines} == {
        hit.service.pk for hit in plain.hits if hit.service.is_helpline
    }
