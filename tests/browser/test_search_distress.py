"""A person types only their commune, or their situation in their own words: the national lines are on the first
screen of results, before the local services, and a typed « violences conjugales » brings the emergency numbers."""

import re

from playwright.sync_api import expect

OYONNAX = "/recherche/?commune=Oyonnax&code_commune=01283"


def test_a_commune_alone_shows_the_national_lines_before_the_local_services(visit):
    page = visit.page()
    page.goto(OYONNAX)
    heading = page.get_by_role("heading", name="Lignes d'écoute nationales, gratuites")
    expect(heading).to_be_visible()
    block = heading.locator("xpath=..")
    for number in ("3919", "119", "116 006", "3977"):
        expect(block.get_by_role("heading", name=re.compile(rf"^{number} –"))).to_be_visible()
    first_local = page.locator("ol.fr-raw-list h3 a").first
    expect(first_local).to_be_visible()
    assert heading.bounding_box()["y"] < first_local.bounding_box()["y"]
    expect(page.locator("#titre-urgence")).to_have_count(0)

    page.get_by_role("link", name="Page suivante").click()
    expect(page.locator("#titre-lignes")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("services trouvés"))).to_be_visible()


def test_violences_conjugales_typed_shows_the_emergency_numbers_then_the_3919(visit):
    page = visit.page()
    page.goto(f"{OYONNAX}&q=violences+conjugales")
    urgent = page.locator("#titre-urgence")
    expect(urgent).to_be_visible()
    line = page.locator("#titre-lignes").locator("xpath=..").get_by_role("heading", name=re.compile("^3919 –"))
    expect(line).to_be_visible()
    assert urgent.bounding_box()["y"] < line.bounding_box()["y"] < page.locator("#titre-resultats").bounding_box()["y"]
