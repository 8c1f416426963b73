"""The professional space's menu: behind « Menu » on a phone, under the header on a wide screen, with the plan."""

from __future__ import annotations

import pytest

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
# A demo account without a second factor: the menu pages do not ask for one (the hand-overs do).
EMAIL, PASSWORD = "coordination@demo.invalid", "demo-aller-vers-2026"


def _sign_in(page) -> None:
    page.goto("/compte/connexion/?next=/espace/")
    page.get_by_label("Adresse électronique").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/espace/")


def test_the_menu_is_collapsed_at_360_px_and_opens_with_the_plan(new_visit):
    page = new_visit(**PHONE).page()
    _sign_in(page)
    navigation = page.get_by_role("navigation", name="Espace professionnel")

    assert not navigation.is_visible()
    assert page.locator("h1").bounding_box()["y"] < 740  # the page's title, not a list of links, on the first screen
    page.get_by_role("button", name="Menu").click()
    assert navigation.is_visible()
    navigation.get_by_role("link", name="Plan d'action").click()
    page.wait_for_url("**/plans/")


@pytest.mark.parametrize("java_script", [True, False])
def test_on_a_wide_screen_the_menu_shows_under_the_header(new_visit, java_script):
    page = new_visit(java_script_enabled=java_script).page()
    _sign_in(page)
    navigation = page.get_by_role("navigation", name="Espace professionnel")

    assert navigation.is_visible()
    assert navigation.get_by_role("link", name="Plan d'action").get_attribute("href") == "/plans/"
