"""axe-core (WCAG 2.1 A and AA) on the main professional pages, as a member of a structure who also coordinates
the Ain and has passed the second factor (the hand-over pages need it)."""

from __future__ import annotations

import pytest
from django_otp.oath import TOTP

from tests.browser.conftest import ARTIFACTS, _open_context, axe_violations, describe_violations
from tests.browser.professional.data import AXE_EMAIL, AXE_PASSWORD, AXE_TOTP_KEY

# Keys of Site.paths stand for the demo rows' URLs (see data.py).
PROFESSIONAL_PAGES = {
    "connexion": "/compte/connexion/",
    "espace": "/espace/",
    "structure": "pro-structure",
    "service-modifier": "pro-service-edit",
    "coordination": "/espace/coordination/",
    "couverture": "/espace/coordination/couverture/",
    "import": "/espace/coordination/import/",
    "mises-en-relation": "/espace/mises-en-relation/",
    "mise-en-relation": "pro-referral",
    "parcours-gestion": "/parcours/gestion/",
    "plan": "plan",
    "plan-fiche": "plan-fiche",
}


@pytest.fixture(scope="module")
def signed_in(chromium, public_site) -> dict:
    """The browser state (cookies) of the axe account after its password and its application's code."""
    context = _open_context(chromium, public_site)
    page = context.new_page()
    page.goto("/compte/connexion/?next=/espace/mises-en-relation/")
    page.get_by_label("Adresse électronique").fill(AXE_EMAIL)
    page.get_by_label("Mot de passe").fill(AXE_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Code à usage unique").fill(f"{TOTP(bytes.fromhex(AXE_TOTP_KEY)).token():06d}")
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url("**/espace/mises-en-relation/")
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture(scope="module")
def axe_results() -> dict[str, int]:
    counts: dict[str, int] = {}
    yield counts
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{name}\t{PROFESSIONAL_PAGES[name]}\t{count}" for name, count in counts.items()]
    (ARTIFACTS / "axe-professional.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", PROFESSIONAL_PAGES)
def test_a_professional_page_meets_wcag_21_aa(new_visit, public_site, signed_in, axe_results, name):
    visit = new_visit() if name == "connexion" else new_visit(storage_state=signed_in)
    page = visit.page()
    path = PROFESSIONAL_PAGES[name]
    response = page.goto(path if path.startswith("/") else public_site.paths[path])
    assert response.status == 200 and "/compte/" not in page.url or name == "connexion", page.url
    violations = axe_violations(page)
    axe_results[name] = len(violations)
    assert violations == [], describe_violations(violations)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.title().endswith("— Aller-vers"), page.title()
    assert page.locator("h1").count() == 1
