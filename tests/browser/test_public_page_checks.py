"""What a person on a phone meets on every public page (issue 15): the 114 is texted, the forms' anti-robot
field is neither seen, reached nor announced, and no script fails in the console."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.test_accessibility import PUBLIC_FORM_PAGES, PUBLIC_PAGES, page_url

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
FORMS_WITH_HONEYPOT = ["signaler-une-erreur", "rejoindre"]
HONEYPOT_LABEL = "Laissez ce champ vide"


def _console_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"exception: {error}"))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


@pytest.mark.parametrize("path", ["/", "/urgences/"])
def test_the_114_tile_sends_an_sms_and_offers_its_chat(new_visit, path):
    page = new_visit(**PHONE).page()
    page.goto(path)

    tile = page.locator(".emergency-list li").filter(has_text="114")
    link = tile.get_by_role("link", name="114 : envoyer un SMS au 114")
    assert link.get_attribute("href") == "sms:114"
    assert "ne peut pas parler" in tile.inner_text()
    assert tile.get_by_role("link", name="Tchat ou visio").get_attribute("href") == "https://www.urgence114.fr"
    assert page.locator('a[href="tel:114"]').count() == 0


@pytest.mark.parametrize("name", FORMS_WITH_HONEYPOT)
def test_the_anti_robot_field_is_not_seen_reached_nor_announced(new_visit, public_site, name):
    page = new_visit(**PHONE).page()
    page.goto(page_url(public_site, name))
    field = page.locator('input[name="website"]')

    assert field.count() == 1  # still there for robots
    assert HONEYPOT_LABEL not in page.locator("main").aria_snapshot()
    assert page.get_by_role("textbox", name=HONEYPOT_LABEL).count() == 0
    box = field.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0  # off-screen
    focused = set()
    for _ in range(40):  # Tab through the whole page: the field is never focused
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement && document.activeElement.name"))
    assert "website" not in focused
    assert field.input_value() == ""


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", [*PUBLIC_PAGES, *PUBLIC_FORM_PAGES])
def test_no_script_error_in_the_console_of_a_public_page(new_visit, public_site, name, width):
    options = PHONE if width == 360 else {}
    page = new_visit(**options).page()
    errors = _console_errors(page)

    page.goto(page_url(public_site, name))
    page.wait_for_load_state("load")
    # The DSFR's module script runs after parsing; its header code failed on every page before the menu markup.
    page.wait_for_function("document.documentElement.hasAttribute('data-fr-js')")

    assert errors == []


def test_the_header_menu_opens_on_a_phone_and_lists_the_header_links(new_visit):
    page = new_visit(**PHONE).page()
    page.goto("/")
    menu = page.locator("#menu-en-tete")
    assert not menu.get_by_role("link", name="Espace professionnel").is_visible()

    page.get_by_role("button", name="Menu").click()

    assert menu.get_by_role("link", name="Que faire, qui appeler ?").is_visible()
    assert menu.get_by_role("link", name="Espace professionnel").is_visible()
