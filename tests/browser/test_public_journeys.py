"""A person looks for help near their commune, with the mouse, with the keyboard only, and without JavaScript."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import VIOLENCES_CONJUGALES


def _assert_urgent_results_order(page: Page) -> None:
    """17, 112 and 114 first, then the 3919, then the local services."""
    urgent = page.locator("#titre-urgence").locator("xpath=..")
    for number in ("17", "112", "114"):
        expect(urgent.locator(".emergency-number", has_text=re.compile(rf"^{number}$"))).to_be_visible()
    helpline = page.get_by_role("heading", name=re.compile("3919"))
    first_result = page.locator("ol.fr-raw-list h3 a").first
    expect(helpline).to_be_visible()
    expect(first_result).to_be_visible()
    urgent_top = urgent.bounding_box()["y"]
    helpline_top = helpline.bounding_box()["y"]
    assert urgent_top < helpline_top < first_result.bounding_box()["y"]


def test_a_person_finds_help_near_oyonnax_with_the_mouse(visit):
    page = visit.page()
    page.goto("/")
    commune = page.get_by_label("Commune ou code postal")
    commune.click()
    commune.press_sequentially("Oyon", delay=40)
    # The suggestions come from the public API (/api/v1/communes) into the field's datalist.
    suggestion = page.locator("#communes-suggestions option[value^='Oyonnax']")
    expect(suggestion).to_have_count(1)
    commune.fill(suggestion.get_attribute("value"))  # what choosing the suggestion in the list does
    expect(page.locator("#id_code_commune")).to_have_value("01283")
    page.get_by_label("Besoin").select_option(VIOLENCES_CONJUGALES)
    page.get_by_role("button", name="Rechercher", exact=True).click()

    expect(page).to_have_url(re.compile(r"/recherche/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Aide près d'Oyonnax")
    expect(page).to_have_title(re.compile("^Aide près d'Oyonnax"))
    _assert_urgent_results_order(page)

    page.locator("ol.fr-raw-list h3 a").first.click()
    expect(page).to_have_url(re.compile(r"/services/\d+-"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accueil social, écoute et orientation des victimes")
    expect(page.locator("main .fr-text--lead")).to_contain_text("CCAS d'Oyonnax")


def _tab_to(page: Page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")


def test_a_person_finds_help_with_the_keyboard_only(visit):
    page = visit.page()
    page.goto("/")
    _tab_to(page, "#id_commune")
    page.keyboard.type("Oyonnax", delay=20)
    _tab_to(page, "#id_thematique")
    # A closed select takes typed letters; the arrow keys then move within the matching options.
    page.keyboard.type("Violences conj")
    expect(page.locator("#id_thematique")).to_have_value(VIOLENCES_CONJUGALES)
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Aide près d'Oyonnax")
    _assert_urgent_results_order(page)
    _tab_to(page, "ol.fr-raw-list h3 a", limit=120)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/services/\d+-"))


def test_an_ambiguous_commune_offers_its_candidates(visit):
    page = visit.page()
    page.goto("/")
    page.get_by_label("Commune ou code postal").fill("Saint-Denis")
    page.get_by_role("button", name="Rechercher", exact=True).click()

    expect(page).to_have_title(re.compile("^Erreur dans la recherche"))
    expect(page.get_by_role("alert")).to_contain_text("La recherche n'a pas pu aboutir")
    # The error is read with the field: aria-describedby points at it, aria-invalid is set.
    field = page.get_by_label("Commune ou code postal")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby") or ""
    messages = " ".join(page.locator(f"[id='{name}']").inner_text() for name in described.split())
    assert "Saint-Denis" in messages or "plusieurs" in messages.lower(), messages

    page.get_by_role("link", name=re.compile(r"^Saint-Denis \(93200\) — Seine-Saint-Denis")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aide près de Saint-Denis")
    expect(page).to_have_url(re.compile(r"code_commune=93066"))


def test_the_search_works_without_javascript(new_visit):
    page = new_visit(java_script_enabled=False).page()
    page.goto("/")
    page.get_by_label("Commune ou code postal").fill("oyonnax")
    page.get_by_label("Besoin").select_option(VIOLENCES_CONJUGALES)
    page.get_by_role("button", name="Rechercher", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aide près d'Oyonnax")
    _assert_urgent_results_order(page)
    page.get_by_role("link", name="Accueil social, écoute et orientation des victimes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accueil social, écoute et orientation des victimes")


def test_a_service_page_leads_to_its_structure_and_back(visit, public_site):
    page = visit.page()
    page.goto(public_site.paths["helpline"])
    expect(page.get_by_role("link", name=re.compile("Appeler le 39 ?19"))).to_have_attribute("href", "tel:3919")
    page.goto(public_site.paths["structure"])
    expect(page.get_by_role("heading", level=1)).to_have_text("CIDFF de l'Ain")
    page.get_by_role("link", name="Accompagnement des victimes de violences conjugales").click()
    expect(page.locator("main .fr-text--lead")).to_contain_text("CIDFF de l'Ain")
