"""The help page a printed QR code leads to, /aide/01283/ (Oyonnax): accessible, without JavaScript, offline once
read, without cookie, and lighter on a first visit than the other public pages. Data: the Ain demo directory that
tests/browser/conftest.py loads (its helplines and Oyonnax's services)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, axe_violations, describe_violations
from tests.browser.test_offline import IN_OFFLINE_CACHE, _wait_until_controlled, _wait_until_saved
from tests.browser.test_page_weight import FIRST_VISIT_BUDGET, _kb, _load

HELP = "/aide/01283/"
SEARCH = "/recherche/"
# What a person sees of each element: its box, and the styles that draw it, once the fonts are in and two frames
# drawn (the DSFR's scripts measure and set styles in their own animation frames).
STYLES_JS = """async () => {
  await document.fonts.ready;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return Array.from(document.querySelectorAll("body *")).map((element) => {
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return [element.tagName, element.className, Math.round(box.x), Math.round(box.y), Math.round(box.width),
    Math.round(box.height), style.display, style.visibility, style.color, style.backgroundColor,
    style.backgroundImage.slice(0, 80), style.fontSize, style.fontWeight, style.borderTopWidth,
    style.borderBottomWidth].join(" | ");
  });
}"""
# Marianne's three weights, which site.js adds once loaded after the page (not awaited by document.fonts.ready).
MARIANNE_ADDED_JS = """() => [...document.fonts].filter((face) => face.family.includes("Marianne chargée")
  && face.status === "loaded").length === 3"""
# The help page's DSFR files swapped for the whole DSFR the other public pages load, in the same place.
WHOLE_DSFR_JS = """(whole) => new Promise((done) => {
  const links = Array.from(document.querySelectorAll('link[rel="stylesheet"]'))
    .filter((link) => /\\/dsfr\\/dist\\/(core|component)\\//.test(link.getAttribute("href")));
  const replacement = document.createElement("link");
  replacement.rel = "stylesheet";
  replacement.href = whole;
  replacement.onload = () => {
    links.forEach((link) => link.remove());
    document.fonts.ready.then(() => requestAnimationFrame(() => done(links.length)));
  };
  links[0].before(replacement);
})"""


def _settled(page: Page) -> list[str]:
    """What the page draws once it no longer changes: two readings in a row alike (fonts swapped in, the DSFR's
    scripts done measuring), for a busy machine where one frame is not enough."""
    reading = page.evaluate(STYLES_JS)
    for _ in range(50):
        again = page.evaluate(STYLES_JS)
        if again == reading:
            return reading
        reading = again
    raise AssertionError("the help page kept changing for 50 readings")


def test_the_help_page_meets_wcag_21_aa(visit, public_site):
    page = visit.page()
    assert page.goto(HELP).status == 200
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_it_reads_without_javascript_and_sets_no_cookie(new_visit, public_site):
    visit = new_visit(java_script_enabled=False)
    page = visit.page()
    page.goto(HELP)
    expect(page.get_by_role("heading", level=1)).to_have_text("De l'aide à Oyonnax")
    expect(page.locator('a[href="sms:114"]').first).to_be_visible()
    expect(page.locator('a[href="tel:3919"]').first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("assistant"))).to_be_visible()
    assert visit.context.cookies() == []
    assert visit.foreign_requests() == []


def test_a_scan_lands_on_the_clean_address(new_visit, public_site):
    visit = new_visit()
    page = visit.page()
    page.goto(HELP + "?c=code-inconnu&s=carte")
    assert page.url == public_site.origin + HELP
    assert visit.context.cookies() == []


@pytest.mark.parametrize("width", [375, 1280])
def test_its_lighter_stylesheets_draw_it_as_the_whole_dsfr_would(new_visit, public_site, width):
    """The help page loads the DSFR's core and a few components, not the whole DSFR: every element has the same
    box and the same styles as with the whole DSFR, on a phone and on a wide screen."""
    visit = new_visit(viewport={"width": width, "height": 900})
    page: Page = visit.page()
    page.goto(HELP, wait_until="networkidle")
    page.wait_for_function(MARIANNE_ADDED_JS)
    light = _settled(page)
    whole = page.locator('link[href*="dsfr.main.min.css"]').count()
    assert whole == 0
    replaced = page.evaluate(WHOLE_DSFR_JS, "/static/dsfr/dist/dsfr/dsfr.main.min.css")
    assert replaced >= 5
    whole_drawn = _settled(page)
    assert len(whole_drawn) == len(light)
    differences = [(a, b) for a, b in zip(light, whole_drawn, strict=True) if a != b]
    assert differences == [], "\n".join(f"light: {a}\nwhole: {b}" for a, b in differences[:5])


def test_it_opens_offline_once_visited_and_stays_light(new_visit, public_site):
    """Lighter on a first visit than the public search page (on a slow phone, less to wait for), its HTML under
    100 KB; then readable without network."""
    search_visit = new_visit(service_workers="allow")
    search = _load(search_visit.context, search_visit.page(), SEARCH, "networkidle")
    visit = new_visit(service_workers="allow")
    page = visit.page()
    first = _load(visit.context, page, HELP, "networkidle")
    _wait_until_controlled(page)
    page.goto(HELP)
    _wait_until_saved(page, HELP)
    again = _load(visit.context, page, HELP, "load")
    html = page.content()
    assert len(html.encode()) < 100 * 1024
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "campaigns-help-page-weight.md").write_text(
        f"{HELP}: HTML {_kb(len(html.encode()))} KB; first visit {_kb(first.measured)} KB as served by the test "
        f"server, {_kb(first.production)} KB as production sends it, {first.requests} requests; next visit "
        f"{_kb(again.measured + again.worker_network)} KB; {SEARCH} first visit {_kb(search.production)} KB as "
        f"production sends it; largest {first.largest[:25]}\n",
        encoding="utf-8",
    )
    assert first.production < FIRST_VISIT_BUDGET
    assert first.production < search.production

    visit.context.set_offline(True)
    page.goto(HELP)
    expect(page.get_by_role("heading", level=1)).to_have_text("De l'aide à Oyonnax")
    expect(page.locator('a[href="tel:3919"]').first).to_be_visible()
    expect(page.locator("#hors-ligne")).to_be_visible()
    # Drawn as online: each of its own stylesheets (the DSFR's core and components) was kept for offline use.
    sheets = page.evaluate("() => [...document.styleSheets].map((sheet) => new URL(sheet.href).pathname)")
    assert "/static/dsfr/dist/core/core.main.min.css" in sheets
    assert [url for url in sheets if not page.evaluate(IN_OFFLINE_CACHE, url)] == []
