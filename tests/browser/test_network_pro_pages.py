"""The mobile units' and ISG posts' professional pages in a browser: the demo operator (AVEMA 01, which runs the
demo mobile unit) opens the unit's management page, moves one occurrence of the Gex stop to the next day, and an
anonymous visitor sees it on the unit's public page at its new date and no longer at the old one; axe-core (WCAG 2.1
A/AA) finds nothing on the unit management page, the move form, the visit request list, and, as the demo
coordination, on the coverage map, the ISG page and an ISG post's deletion page.

Data: `public_site`'s demo directory and accounts, plus the demo mobile unit, its visit requests and the demo ISG
post, loaded by the module fixture below in a worker thread (Playwright's loop runs in the main thread); the rows are
deleted with everything else the browser tests add (professional/data.py's snapshot).

Run with a database test beside it (it makes pytest-django create the test database), e.g.
`pytest tests/directory/test_open_now_town_hall.py tests/browser/test_network_pro_pages.py`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, describe_violations
from tests.browser.professional.data import AVEMA_EMAIL, COORDINATION_EMAIL, DEMO_PASSWORD

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
GEX = "Gex"


def orm(function: Callable[[], Any]) -> Any:
    def run() -> Any:
        from django.db import connections

        try:
            return function()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


@dataclass
class Demo:
    unit_pk: int
    unit_slug: str
    isg_post_pk: int


@pytest.fixture(scope="module")
def network_demo(public_site, django_db_blocker) -> Iterator[Demo]:
    def load() -> Demo:
        from allervers.isg.demo import load_isg_demo
        from allervers.isg.models import IsgPost
        from allervers.network.demo_requests import load_requests_demo
        from allervers.network.models import MobileUnit
        from allervers.network.units_demo import SLUG, load_network_demo

        load_network_demo()
        load_requests_demo()
        load_isg_demo()
        unit = MobileUnit.objects.get(slug=SLUG)
        post = IsgPost.objects.filter(is_demo=True).order_by("pk").first()
        assert post is not None
        return Demo(unit.pk, unit.slug, post.pk)

    with django_db_blocker.unblock():
        yield orm(load)


def in_words(day: datetime.date) -> str:
    """« jeudi 17 décembre 2026 », as the pages write a date (Django's "l j F Y" in French)."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def log_in(page: Page, email: str) -> None:
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile(r"/compte/"))


def assert_no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{describe_violations(violations)}"


def test_the_operator_moves_one_date_and_the_public_page_shows_it_on_its_new_day(network_demo, new_visit):
    page = new_visit().page()
    log_in(page, AVEMA_EMAIL)
    manage = f"/espace/unites-mobiles/{network_demo.unit_pk}/"
    assert page.goto(manage).status == 200
    assert_no_violations(page)
    row = page.get_by_role("row").filter(has_text=f", {GEX}")
    link = row.get_by_role("link", name=re.compile(r"^Déplacer ce passage")).first
    original = datetime.date.fromisoformat(str(link.get_attribute("href")).rsplit("date=", 1)[1])
    moved = original + datetime.timedelta(days=1)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Déplacer un passage")
    expect(page.get_by_label("Date du passage prévu")).to_have_value(original.isoformat())
    assert_no_violations(page)
    page.get_by_label("Nouvelle date").fill(moved.isoformat())
    page.get_by_label("Motif (facultatif, affiché au public)").fill("jour férié (démonstration)")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(f"est déplacé au {moved:%d/%m/%Y}")).to_be_visible()
    expect(page.get_by_text("Dates annulées ou déplacées")).to_be_visible()
    assert_no_violations(page)

    public = new_visit().page()
    assert public.goto(f"/unites-mobiles/{network_demo.unit_slug}/").status == 200
    text = public.locator("main").inner_text()
    assert f"{in_words(moved)}, 9 h–12 h (déplacé, au lieu du {original.day} {MONTHS[original.month - 1]}" in text
    assert f"{in_words(original)}, 9 h–12 h" not in text  # Gex is the only stop at 9 h on that day


def test_the_visit_request_list_passes_axe(network_demo, new_visit):
    page = new_visit().page()
    log_in(page, AVEMA_EMAIL)
    assert page.goto("/espace/demandes-de-passage/").status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_violations(page)


@pytest.mark.parametrize(
    "path",
    ["/espace/couverture-territoriale/", "/espace/isg/", "isg-post", "isg-delete"],
)
def test_the_coordination_pages_pass_axe(network_demo, new_visit, path):
    paths = {
        "isg-post": f"/espace/isg/postes/{network_demo.isg_post_pk}/",
        "isg-delete": f"/espace/isg/postes/{network_demo.isg_post_pk}/supprimer/",
    }
    page = new_visit().page()
    log_in(page, COORDINATION_EMAIL)
    assert page.goto(paths.get(path, path)).status == 200
    assert "/compte/" not in page.url
    assert_no_violations(page)
