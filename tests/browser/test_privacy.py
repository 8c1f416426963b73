"""A site that protects its visitors: quick exit, no third party, no cookie, advice on browsing safely."""

import re

from django.conf import settings
from playwright.sync_api import expect

from tests.browser.test_accessibility import PUBLIC_PAGES, page_url

NEUTRAL_PAGE = "<!DOCTYPE html><html lang='fr'><title>Météo</title><h1>Météo</h1></html>"


def _exit_page(visit):
    """The neutral site, answered locally: the test itself must not reach the Internet."""
    exit_url = settings.ALLERVERS_QUICK_EXIT_URL
    pattern = re.compile("^" + re.escape(exit_url.split("?")[0]))
    visit.context.route(pattern, lambda route: route.fulfill(body=NEUTRAL_PAGE, content_type="text/html"))
    return pattern


def test_the_quick_exit_button_leaves_and_replaces_the_history_entry(visit, public_site):
    exit_pattern = _exit_page(visit)
    page = visit.page()
    page.goto(page_url(public_site, "resultats"))
    length = page.evaluate("history.length")

    page.get_by_role("link", name="Quitter ce site").click()

    expect(page).to_have_url(exit_pattern)
    assert page.evaluate("history.length") == length
    page.go_back()
    assert not page.url.startswith(public_site.origin), "Back returned to the page the person left"


def test_escape_pressed_twice_leaves_the_site(visit, public_site):
    exit_pattern = _exit_page(visit)
    page = visit.page()
    page.goto("/urgences/")
    length = page.evaluate("history.length")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(page).to_have_url(exit_pattern)
    assert page.evaluate("history.length") == length


def test_a_single_escape_keeps_the_person_on_the_page(visit):
    _exit_page(visit)
    page = visit.page()
    page.goto("/urgences/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1200)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    expect(page).to_have_url(re.compile(r"/urgences/$"))


def test_the_quick_exit_works_without_javascript(new_visit, public_site):
    # Every page shows the button: see test_accessibility.test_every_public_page_fits_a_360_px_screen.
    visit = new_visit(java_script_enabled=False)
    exit_pattern = _exit_page(visit)
    page = visit.page()
    page.goto(page_url(public_site, "service"))
    button = page.get_by_role("link", name="Quitter ce site")
    expect(button).to_have_attribute("rel", re.compile("noreferrer"))
    button.click()
    expect(page).to_have_url(exit_pattern)


def test_reading_the_site_contacts_no_other_site_and_sets_no_cookie(new_visit, public_site):
    # As a person would meet it: JavaScript on, the service worker installed, the commune autocomplete used.
    visit = new_visit(service_workers="allow")
    page = visit.page()
    page.goto("/")
    page.get_by_label("Commune ou code postal").press_sequentially("Bourg-en", delay=30)
    expect(page.locator("#communes-suggestions option").first).to_be_attached()
    for name in PUBLIC_PAGES:
        page.goto(page_url(public_site, name))
        assert page.evaluate("document.cookie") == "", name
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    assert visit.foreign_requests() == []
    assert visit.context.cookies() == []
    assert any("/api/v1/communes" in url for url in visit.requests)


def test_the_footer_leads_to_the_advice_on_browsing_safely(visit):
    page = visit.page()
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Naviguer en sécurité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Naviguer en sécurité")
    expect(page.get_by_role("heading", name="Utiliser la navigation privée")).to_be_visible()
    expect(page.get_by_role("heading", name="Effacer l'historique")).to_be_visible()
