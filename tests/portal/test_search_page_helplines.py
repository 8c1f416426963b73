"""The search page lists the helplines among its results (issue 15, item 1): each once, callable from the list."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from allervers.directory.demo import load_demo

pytestmark = pytest.mark.django_db

URL = reverse("portal:search")
VIOLENCES_CONJUGALES = "aide-aux-victimes--violences-conjugales"


@pytest.fixture(autouse=True)
def demo(db):
    load_demo()


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def results_column(html):
    """The results' heading and list, below the search form (the footer repeats the 3919 and the 119)."""
    return html[html.index('id="titre-resultats"') : html.index('id="pied-de-page"')]


def lines_block(html):
    """The helplines shown above the results."""
    return html[html.index('id="titre-lignes"') : html.index('id="titre-resultats"')]


def test_a_number_finds_its_line_with_a_button_to_call_it(client):
    html = page(client, commune="Oyonnax", q="3919")
    results = results_column(html)
    assert "1 service trouvé" in results
    assert "3919 – Violences Femmes Info" in results
    assert 'href="tel:3919"' in results


@pytest.mark.parametrize("q", ["01 40 47 06 06", "0140470606", "femmes handicapées"])
def test_the_fdfa_line_is_found_by_its_number_and_by_whom_it_is_for(client, q):
    results = results_column(page(client, commune="Belley", q=q))
    assert "Écoute violences femmes handicapées" in results
    assert "Appeler le 01 40 47 06 06" in results


@pytest.mark.parametrize(
    ("q", "line"),
    [
        ("harcèlement", "3018 – Harcèlement et violences numériques"),
        ("maltraitance", "3977 – Maltraitances des personnes âgées"),
        ("violences conjugales", "3919 – Violences Femmes Info"),
        ("tchat", "3018 – Harcèlement et violences numériques"),
    ],
)
def test_a_text_search_lists_the_lines_that_match(client, q, line):
    # A text that names an urgent situation shows its lines above the results (test_search_distress_page.py).
    html = page(client, commune="Oyonnax", q=q)
    assert line in html[html.index("<main") : html.index('id="pied-de-page"')]


def test_the_remote_filter_lists_the_national_lines(client):
    # Without a need, the lines for everyone are shown above the results (test_search_distress_page.py).
    html = page(client, commune="Oyonnax", mode="a-distance")
    results = html[html.index("<main") : html.index('id="pied-de-page"')]
    for number in ("3919", "119", "3977", "3018"):
        assert f'href="tel:{number}"' in results


def test_an_urgent_theme_shows_its_lines_above_the_results_and_each_only_once(client):
    html = page(client, commune="Oyonnax", thematique=VIOLENCES_CONJUGALES)
    above, results = lines_block(html), results_column(html)
    assert html.index('id="titre-urgence"') < html.index('id="titre-lignes"') < html.index('id="titre-resultats"')
    assert "3919 – Violences Femmes Info" in above and 'href="tel:3919"' in above
    assert html.count("3919 – Violences Femmes Info") == 1
    assert html.count("Écoute violences femmes handicapées – 01 40 47 06 06") == 1
    assert "3919 – Violences Femmes Info" not in results
    assert re.search(r"services trouvés, dont \d+ lignes d'écoute ou d'urgence présentées plus haut", results)
    assert "CCAS" in results, "the local services follow the lines"


def test_open_now_at_night_never_lists_a_closed_line(client, monkeypatch):
    tuesday_night = timezone.make_aware(datetime.datetime(2026, 12, 1, 22, 34))
    monkeypatch.setattr(timezone, "now", lambda: tuesday_night)
    html = page(client, commune="Belley", thematique=VIOLENCES_CONJUGALES, ouvert="on")
    assert "Écoute violences femmes handicapées" not in html
    assert 'href="tel:3919"' in lines_block(html)
