"""The public report form in a real browser: no cookie before, during or after, and a forged form is refused.

Chromium sends Sec-Fetch-Site and Origin with a form's POST; allervers/common/csrf.py relies on them instead of
Django's CSRF cookie. Run this file with tests/directory/test_open_now_town_hall.py (see tests/browser/README.md).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

FORGED_PAGE = """<!DOCTYPE html><html lang="fr"><title>Jeu concours</title><h1>Jeu concours</h1>
<form method="post" action="{action}"><input type="hidden" name="elements" value="telephone">
<input type="hidden" name="message" value="Signalement forgé."><button>Participer</button></form></html>"""


def _tick(page: Page, label: str) -> None:
    """Tap a DSFR checkbox as a person does, on its label (the DSFR draws the box there, over the input)."""
    page.locator("label.fr-label", has_text=label).click()
    expect(page.get_by_label(label)).to_be_checked()


def test_a_visitor_reports_an_error_and_no_cookie_is_ever_set(visit, public_site):
    page = visit.page()
    page.goto(public_site.paths["report-error"])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signaler une erreur")
    assert visit.context.cookies() == []
    assert page.locator('input[name="csrfmiddlewaretoken"]').count() == 0

    _tick(page, "Les horaires")
    page.get_by_label("Précisez").fill("Fermé le mercredi après-midi depuis septembre.")
    with page.expect_request(lambda request: request.method == "POST") as posted:
        page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci")
    expect(page.get_by_text("Votre signalement est transmis")).to_be_visible()

    # What the server relied on: the browser's own word that the form came from this site.
    headers = posted.value.all_headers()
    assert headers.get("sec-fetch-site") == "same-origin"
    assert headers.get("origin") == public_site.origin
    assert visit.context.cookies() == []
    assert page.evaluate("document.cookie") == ""


def test_a_form_forged_on_another_site_is_refused_with_the_french_page(visit, public_site):
    action = public_site.url + public_site.paths["report-error"]
    visit.context.route(
        re.compile(r"^https://evil\.example/"),
        lambda route: route.fulfill(body=FORGED_PAGE.format(action=action), content_type="text/html"),
    )
    page = visit.page()
    page.goto("https://evil.example/jeu/")
    with page.expect_response(lambda response: response.request.method == "POST") as answered:
        page.get_by_role("button", name="Participer").click()
    assert answered.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Formulaire expiré")
    expect(page.get_by_text("Rien n'a été enregistré")).to_be_visible()
    expect(page.get_by_role("link", name="Quitter ce site")).to_be_visible()
    expect(page.locator('a[href="tel:17"]').first).to_be_visible()
    assert visit.context.cookies() == []
