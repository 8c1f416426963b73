"""What a person in distress sees on the search page when they type only their commune, or their situation in
their own words (« violences conjugales », « viol », « suicide »), on the Ain demo."""

import re

import pytest
from django.urls import reverse

from allervers.directory.demo import load_demo

pytestmark = pytest.mark.django_db

URL = reverse("portal:search")
OYONNAX = {"commune": "Oyonnax", "code_commune": "01283"}
GENERAL_NUMBERS = ("3919", "119", "116006", "3977", "3018")


@pytest.fixture(autouse=True)
def demo(db):
    load_demo()


def page(client, **params):
    response = client.get(URL, {**OYONNAX, **params})
    assert response.status_code == 200
    return response.content.decode()


def lines_block(html):
    return html[html.index('id="titre-lignes"') : html.index('id="titre-resultats"')]


def results_column(html):
    return html[html.index('id="titre-resultats"') : html.index('id="pied-de-page"')]


def called(html):
    return set(re.findall(r'href="tel:(\d+)"', html))


def test_a_commune_alone_shows_the_national_lines_on_the_first_page_apart_from_the_local_cards(client):
    html = page(client)
    block, results = lines_block(html), results_column(html)
    assert "Lignes d'écoute nationales, gratuites" in block
    assert set(GENERAL_NUMBERS) <= called(block)
    assert not called(results) & set(GENERAL_NUMBERS), "each line once"
    assert "CCAS" in results, "the local services follow"
    assert 'id="titre-urgence"' not in html, "no emergency block: the person named no danger"


def test_the_count_and_the_pages_still_hold_every_service_and_the_lines_are_not_repeated(client):
    first, second = page(client), page(client, page=2)
    found = re.search(r"(\d+) services trouvés, dont 5 lignes d'écoute ou d'urgence présentées plus haut", first)
    assert found and int(found.group(1)) > 20, "the lines shown apart are counted among the services"
    assert "Page 1 sur 2" in first and "Page 2 sur 2" in second
    assert f"{found.group(1)} services trouvés</h2>" in second
    assert 'id="titre-lignes"' not in second
    assert not called(results_column(second)) & set(GENERAL_NUMBERS)
    # The list numbers the results after the lines shown above, and the second page goes on from the first.
    assert 'start="6"' in results_column(first) and 'start="21"' in results_column(second)


def test_a_theme_chosen_keeps_its_own_lines_and_no_general_block(client):
    html = page(client, thematique="logement-hebergement--rechercher-une-solution-dhebergement-temporaire")
    assert "Lignes d'écoute nationales" not in html


@pytest.mark.parametrize(
    ("q", "number"),
    [("violences conjugales", "3919"), ("viol", "3919"), ("maltraitance", "3977"), ("harcèlement", "3018")],
)
def test_a_text_that_names_an_urgent_situation_shows_the_emergency_numbers_and_its_lines_first(client, q, number):
    html = page(client, q=q)
    assert html.index('id="titre-urgence"') < html.index('id="titre-lignes"') < html.index('id="titre-resultats"')
    assert 'href="tel:17"' in html[html.index('id="titre-urgence"') : html.index('id="titre-lignes"')]
    assert number in called(lines_block(html))
    assert number not in called(results_column(html))


def test_violences_conjugales_typed_leads_with_the_3919_before_the_local_cards(client):
    html = page(client, q="violences conjugales")
    results = results_column(html)
    assert re.search(r"13 services trouvés, dont \d+ lignes d'écoute ou d'urgence présentées plus haut", results)
    assert "CCAS" in results


def test_suicide_typed_shows_the_emergency_numbers_even_without_a_service(client):
    html = page(client, q="suicide")
    block = html[html.index('id="titre-urgence"') :]
    assert 'href="tel:15"' in block and 'href="tel:112"' in block


def test_an_ordinary_text_stays_an_ordinary_search(client):
    html = page(client, q="juriste")
    assert 'id="titre-urgence"' not in html and 'id="titre-lignes"' not in html


@pytest.mark.parametrize("q", ["inceste", "suicide"])
def test_a_distress_that_no_line_matches_still_shows_the_national_lines_apart_from_the_count(client, q):
    html = page(client, q=q)
    assert html.index('id="titre-urgence"') < html.index('id="titre-lignes"') < html.index('id="titre-resultats"')
    block = lines_block(html)
    assert "Lignes d'écoute nationales, gratuites" in block
    assert {"3919", "119", "116006", "3977"} <= called(block)
    assert "dont" not in results_column(html)[:200], "the lines are not counted among the text's results"
