"""Installable and offline-first: once visited, the emergency numbers and the last pages read open without network."""

import re

from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import page_url

IN_OFFLINE_CACHE = """async url => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(url, {ignoreVary: true})) return true;
  }
  return false;
}"""


def _wait_until_controlled(page: Page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def _wait_until_saved(page: Page, url: str) -> None:
    for _ in range(50):
        if page.evaluate(IN_OFFLINE_CACHE, url):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{url} was not saved for offline reading")


def test_the_site_is_installable(visit, public_site):
    page = visit.page()
    page.goto("/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["name"].startswith("Aller-vers")
    assert manifest["short_name"] == "Aller-vers"
    assert manifest["lang"] == "fr"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#000091"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert page.request.get(icon["src"]).ok, icon["src"]
    expect(page.locator("meta[name=theme-color]")).to_have_attribute("content", "#000091")


def test_the_service_worker_covers_the_whole_site(new_visit, public_site):
    page = new_visit(service_workers="allow").page()
    page.goto("/urgences/")
    _wait_until_controlled(page)
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(registration => registration.scope)")
    assert scope == public_site.origin + "/"
    # Every stylesheet and script of a page is kept, so that a saved page shows as it should.
    assets = page.evaluate(
        """() => [...document.querySelectorAll('link[rel=stylesheet], script[src]')]
          .map(element => new URL(element.href || element.src).pathname)"""
    )
    missing = [url for url in assets if not page.evaluate(IN_OFFLINE_CACHE, url)]
    assert missing == []


def test_the_emergency_numbers_and_the_last_search_show_without_network(new_visit, public_site):
    visit = new_visit(service_workers="allow")
    page = visit.page()
    page.goto("/")
    _wait_until_controlled(page)
    results = page_url(public_site, "resultats")
    page.goto(results)
    _wait_until_saved(page, results)

    visit.context.set_offline(True)

    page.goto("/urgences/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Numéros d'urgence et lignes d'écoute")
    for number in ("17", "112", "114"):
        expect(page.locator(".emergency-number", has_text=re.compile(rf"^{number}$"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Appeler le 39 ?19"))).to_have_attribute("href", "tel:3919")
    expect(page.locator("#hors-ligne")).to_be_visible()

    page.goto(results)
    expect(page.get_by_role("heading", level=1)).to_have_text("Aide près d'Oyonnax")
    expect(page.get_by_role("heading", name=re.compile("3919"))).to_be_visible()

    # A page never read falls back on the emergency numbers rather than the browser's error page.
    page.goto(page_url(public_site, "structure"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Numéros d'urgence et lignes d'écoute")

    visit.context.set_offline(False)
    page.goto("/urgences/")
    expect(page.locator("#hors-ligne")).to_be_hidden()


def test_a_page_read_once_opens_without_network_even_the_first_one(new_visit, public_site):
    # A person scans a QR code on a baguette bag: the help page is the first page of the site they ever open, and
    # the one they need later, perhaps where there is no network.
    visit = new_visit(service_workers="allow")
    page = visit.page()
    page.goto("/aide/01283/")
    _wait_until_controlled(page)
    _wait_until_saved(page, public_site.origin + "/aide/01283/")

    visit.context.set_offline(True)
    page.goto("/aide/01283/")
    expect(page.get_by_role("heading", level=1)).to_have_text("De l'aide à Oyonnax")
    expect(page.locator('a[href="tel:3919"]').first).to_be_visible()
