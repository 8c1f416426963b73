"""WCAG 2.1 A/AA with axe-core on every public page, a keyboard-only run, zoom to 200 % and 360-px screens."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, VIOLENCES_CONJUGALES, axe_violations, describe_violations

# Every public page, in each state a person meets. Keys of Site.paths stand for the demo listings' URLs.
PUBLIC_PAGES = {
    "accueil": "/",
    "recherche": "/recherche/",
    "resultats": f"/recherche/?commune=Oyonnax&thematique={VIOLENCES_CONJUGALES}",
    "commune-ambigue": "/recherche/?commune=Saint-Denis",
    "urgences": "/urgences/",
    "service": "service",
    "ligne-d-ecoute": "helpline",
    "structure": "structure",
    "naviguer-en-securite": "/naviguer-en-securite/",
    "accessibilite": "/accessibilite/",
    "confidentialite": "/confidentialite/",
    "fiche-reflexe": "fiche-reflexe",
}
# Public pages with a form (a CSRF cookie once shown): scanned by axe, left out of the "reads only" checks.
PUBLIC_FORM_PAGES = {
    "parcours": "/parcours/",
    "signaler-une-erreur": "report-error",
    "rejoindre": "/espace/rejoindre/",
}


def page_url(site, name: str) -> str:
    path = (PUBLIC_PAGES | PUBLIC_FORM_PAGES)[name]
    return path if path.startswith("/") else site.paths[path]


@pytest.fixture(scope="module")
def axe_results() -> dict[str, int]:
    """Violation counts per page, written to test-artifacts/axe.txt for docs/accessibilite.md."""
    counts: dict[str, int] = {}
    yield counts
    ARTIFACTS.mkdir(exist_ok=True)
    pages = PUBLIC_PAGES | PUBLIC_FORM_PAGES
    lines = [f"{name}\t{pages[name]}\t{count}" for name, count in counts.items()]
    (ARTIFACTS / "axe.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_axe_reports_a_known_violation(visit):
    # Guards against a scan that silently checks nothing (axe not injected, wrong tags).
    page = visit.page()
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    assert "image-alt" in {violation["id"] for violation in axe_violations(page)}


@pytest.mark.parametrize("name", [*PUBLIC_PAGES, *PUBLIC_FORM_PAGES])
def test_a_public_page_meets_wcag_21_aa_with_a_title_a_language_and_ordered_headings(
    visit, public_site, axe_results, name
):
    page = visit.page()
    response = page.goto(page_url(public_site, name))
    assert response.status == 200
    violations = axe_violations(page)
    axe_results[name] = len(violations)
    assert violations == [], describe_violations(violations)

    assert page.evaluate("document.documentElement.lang") == "fr"
    title = page.title()
    assert title.endswith("— Aller-vers") and len(title) > len("— Aller-vers") + 3, title
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]))")
    assert levels.count(1) == 1 and levels[0] == 1, levels
    jumps = [(before, after) for before, after in zip(levels, levels[1:], strict=False) if after > before + 1]
    assert jumps == [], f"heading levels skip: {levels}"


FOCUS_STATE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const box = element.getBoundingClientRect();
  const drawn = style => style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  // The DSFR draws some focus rings on a pseudo-element: the whole card of an enlarged link, a checkbox's box.
  const label = element.labels && element.labels[0];
  const rings = [getComputedStyle(element), getComputedStyle(element, '::before'), getComputedStyle(element, '::after')]
    .concat(label ? [getComputedStyle(label, '::before')] : []);
  return {
    key: element.id || element.getAttribute('href') || element.name || element.textContent.trim().slice(0, 40),
    tag: element.tagName,
    visible: box.width > 0 && box.height > 0,
    outline: rings.some(drawn) || getComputedStyle(element).boxShadow !== 'none',
  };
}"""

FOCUSABLE = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
  .filter(e => !e.disabled && e.tabIndex >= 0 && e.type !== 'hidden' && e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== 'hidden')
  .map(e => e.id || e.getAttribute('href') || e.name || e.textContent.trim().slice(0, 40))"""


def _tab_through(page: Page) -> list[dict]:
    """Press Tab until the focus leaves the page: every stop, in order. A trap never leaves."""
    stops: list[dict] = []
    for _ in range(250):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            return stops
        stops.append(state)
    raise AssertionError(f"keyboard trap: the focus never left the page after {len(stops)} stops")


@pytest.mark.parametrize("name", ["accueil", "resultats"])
def test_the_keyboard_reaches_every_control_with_a_visible_focus(visit, public_site, name):
    page = visit.page()
    page.goto(page_url(public_site, name))
    stops = _tab_through(page)
    reached = {stop["key"] for stop in stops}
    missing = [key for key in page.evaluate(FOCUSABLE) if key not in reached and key != "contenu"]
    assert missing == [], f"not reachable with Tab: {missing}"
    hidden = [stop["key"] for stop in stops if not (stop["visible"] and stop["outline"])]
    assert hidden == [], f"focus not visible on: {hidden}"
    # Shift+Tab walks back too: no trap in either direction.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS_STATE) is not None


def test_the_skip_links_lead_to_the_content_and_the_emergency_numbers(visit):
    page = visit.page()
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Aller au contenu")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Numéros d'urgence")
    page.keyboard.press("Enter")
    expect(page.locator("#urgences-pied")).to_be_focused()
    expect(page.locator("#urgences-pied")).to_be_in_viewport()


def test_every_field_has_a_label_and_its_help_text_bound(visit):
    page = visit.page()
    page.goto("/recherche/")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)"""
    )
    assert unlabelled == []
    help_id = page.get_by_label("Commune ou code postal").get_attribute("aria-describedby")
    assert help_id and "Par exemple" in page.locator(f"[id='{help_id.split()[0]}']").inner_text()


def _horizontal_overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# The DSFR's « Menu » button of the header shows an icon only: its word is for screen readers, not clipped.
CLIPPED_LABELS = """() => [...document.querySelectorAll('.fr-btn:not(.fr-btn--menu), .fr-tag, .fr-link')]
  .filter(e => e.getClientRects().length && e.textContent.trim() && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent.trim())"""


def test_every_public_page_reflows_at_200_percent_zoom(new_visit, public_site):
    # A 1280-px window zoomed to 200 % lays the page out on 640 CSS pixels, at two device pixels each.
    page = new_visit(viewport={"width": 640, "height": 900}, device_scale_factor=2).page()
    overflowing = {}
    for name in PUBLIC_PAGES:
        page.goto(page_url(public_site, name))
        if _horizontal_overflow(page) > 0:
            overflowing[name] = _horizontal_overflow(page)
    assert overflowing == {}


def test_every_public_page_fits_a_360_px_screen(new_visit, public_site):
    """Saves test-artifacts/360px/<page>.png: the screenshots docs/accessibilite.md refers to."""
    visit = new_visit(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = visit.page()
    folder = ARTIFACTS / "360px"
    folder.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name in PUBLIC_PAGES:
        page.goto(page_url(public_site, name))
        page.screenshot(path=folder / f"{name}.png", full_page=True)
        assert page.get_by_role("link", name="Quitter ce site").is_visible(), f"no quick exit on {name}"
        clipped = page.evaluate(CLIPPED_LABELS)
        if _horizontal_overflow(page) > 0 or clipped:
            problems[name] = {"overflow": _horizontal_overflow(page), "clipped labels": clipped}
    assert problems == {}
