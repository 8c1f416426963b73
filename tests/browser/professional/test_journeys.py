"""The journeys of issue 8 that follow the public search: the orientation assistant, "signaler une erreur", a
structure member verifying a listing, a coordinator moderating a join request, a hand-over sent and accepted with a
second factor, and the two PDF downloads. Each one is clicked and typed as a person would.

Data: the demo directory, circuits, plan and accounts loaded by `public_site` (see data.py); each journey writes
its own rows (a report, a join request, a hand-over), all deleted at the end of the folder.
"""

from __future__ import annotations

import base64
import io
import re

from django_otp.oath import TOTP
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import axe_violations, describe_violations
from tests.browser.professional.data import (
    AVEMA_EMAIL,
    CCAS_EMAIL,
    COORDINATION_EMAIL,
    DEMO_PASSWORD,
    SYNTHETIC_NAME,
)


def log_in(page: Page, email: str, password: str = DEMO_PASSWORD, next_path: str = "") -> None:
    page.goto("/compte/connexion/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile(r"/compte/connexion/"))


def totp_code(key: bytes) -> str:
    """What an authenticator application shows for this key now (RFC 6238, 30 s, 6 digits)."""
    return f"{TOTP(key).token():06d}"


def set_up_second_factor(page: Page) -> None:
    """On the set-up page: read the key shown for manual entry, type the application's code, continue."""
    expect(page).to_have_url(re.compile(r"/compte/double-authentification/"))
    secret = page.locator("main code").first.inner_text().replace(" ", "")
    page.get_by_label("Code à usage unique").fill(totp_code(base64.b32decode(secret)))
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    page.get_by_role("link", name="Continuer").click()


def reference_on(page: Page) -> str:
    """The reference of the hand-over shown on its page ("MR-" and two groups of four letters or digits)."""
    found = re.search(r"MR-[A-Z0-9]{4}-[A-Z0-9]{4}", page.get_by_role("heading", level=1).inner_text())
    assert found, page.url
    return found.group()


def pdf_text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def pdf_text(download) -> str:
    with open(download.path(), "rb") as handle:
        return pdf_text_of(handle.read())


# --- The orientation assistant (public) ---


def _tick(page: Page, label: str) -> None:
    """Tap a DSFR radio or checkbox as a person does, on its label (the DSFR draws the box there, over the input)."""
    page.locator("label.fr-label", has_text=label).click()
    expect(page.get_by_label(label)).to_be_checked()


def _answer_the_assistant(page: Page, danger: str) -> None:
    page.goto("/")
    page.goto("/parcours/")
    _tick(page, "Pour moi")
    _tick(page, "Des violences dans le couple (ou de la part d'un ex)")
    _tick(page, danger)
    page.get_by_label("Où ? Votre commune ou votre code postal").fill("Oyonnax")
    page.get_by_role("button", name="Voir qui peut m'aider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Que faire maintenant")


def _nothing_in_the_address_or_the_history(page: Page, history_before: int) -> None:
    assert page.url.endswith("/parcours/"), page.url
    for word in ("Oyonnax", "violences", "danger", "oui", "moi"):
        assert word not in page.url
    # The answer replaced nothing and added one entry: the POST's own, at the same address, with no answer in it.
    entries = page.evaluate("history.length")
    assert entries == history_before + 1, (history_before, entries)


def test_the_assistant_danger_branch_shows_the_emergency_numbers_first_then_local_help_and_the_3919(visit):
    page = visit.page()
    page.goto("/")
    history_before = page.evaluate("history.length") + 1  # + the assistant's page
    _answer_the_assistant(page, "Oui, quelqu'un est en danger maintenant")

    main = page.locator("main")
    urgent = main.get_by_role("heading", name="Quelqu'un est en danger : appelez maintenant")
    expect(urgent).to_be_visible()
    text = main.inner_text()
    first_17 = text.index("17")
    helpers = text.index("Ensuite, qui peut vous aider près d'Oyonnax")
    assert first_17 < text.index("112") < helpers and text.index("114") < helpers
    after = text[helpers:]
    assert re.search(r"39\s?19", after), "the 3919 comes after the emergency numbers"
    # Local actors (cards of the demo directory's services) come after the emergency block, in the DOM too.
    order = page.evaluate("""() => {
      const urgent = document.getElementById('titre-urgence');
      const cards = [...document.querySelectorAll('main ol .fr-card')];
      return {cards: cards.length,
              after: cards.every(c => urgent.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING)};
    }""")
    assert order["cards"] > 0 and order["after"], order
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    _nothing_in_the_address_or_the_history(page, history_before)


def test_the_assistant_without_danger_shows_who_can_help_and_no_emergency_block(visit):
    page = visit.page()
    page.goto("/")
    history_before = page.evaluate("history.length") + 1
    _answer_the_assistant(page, "Non, pas en ce moment")

    main = page.locator("main")
    expect(main.get_by_role("heading", name="Qui peut vous aider près d'Oyonnax")).to_be_visible()
    expect(main.get_by_role("heading", name=re.compile("appelez"))).to_have_count(0)
    assert re.search(r"39\s?19", main.inner_text())
    _nothing_in_the_address_or_the_history(page, history_before)


def test_the_assistant_leaves_no_cookie_in_the_browser(visit):
    # The issue asks for no cookie for an anonymous visitor: a cookie from this site is a trace that someone
    # who watches the browser could find. Neither the questions nor the answer leave one.
    page = visit.page()
    page.goto("/parcours/")
    assert visit.context.cookies() == []
    _answer_the_assistant(page, "Non, pas en ce moment")
    assert visit.context.cookies() == []


# --- "Signaler une erreur" (public) ---


def test_a_visitor_reports_an_error_from_a_service_page(visit, public_site):
    page = visit.page()
    page.goto(public_site.paths["service"])
    page.get_by_role("link", name="Signaler une erreur sur cette fiche").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signaler une erreur")
    _tick(page, "Les horaires")
    page.get_by_label("Précisez").fill("Fermé le mercredi après-midi depuis septembre.")
    page.get_by_role("button").filter(has_text=re.compile("Envoyer|Signaler|Valider")).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci")
    expect(page.get_by_text("Votre signalement est transmis")).to_be_visible()


# --- A structure member verifies a listing ---


def test_a_structure_member_verifies_a_listing_and_the_public_page_shows_the_date(visit, public_site):
    page = visit.page()
    log_in(page, CCAS_EMAIL)
    page.goto("/espace/")
    page.get_by_role("link", name=re.compile("CCAS d'Oyonnax")).first.click()
    page.get_by_role("link", name=re.compile("Accueil social")).first.click()
    page.get_by_role("button", name="C'est à jour").click()
    today = page.evaluate("new Date().toLocaleDateString('fr-FR')")
    expect(page.locator("main")).to_contain_text(f"Vérifié le {today}")

    public = visit.page()
    public.goto(public_site.paths["service"])
    expect(public.locator("main")).to_contain_text(f"Vérifié le {today}")


# --- A coordinator moderates a join request ---


def test_a_structure_asks_to_join_and_the_coordinator_approves_it(new_visit):
    applicant = new_visit().page()
    applicant.goto("/espace/rejoindre/")
    applicant.get_by_label("Nom de la structure").fill("Association fictive d'entraide du Haut-Bugey")
    applicant.get_by_label("Type de structure").select_option(index=1)
    applicant.get_by_label("Commune").fill("01100 Oyonnax")
    applicant.get_by_label("Ce que fait la structure").fill("Accompagnement et écoute (structure de test).")
    applicant.get_by_label("Adresse électronique de contact").fill("contact@entraide-fictive.example.org")
    applicant.wait_for_timeout(3100)  # the form refuses a robot's instant submission
    applicant.locator("main form button[type=submit]").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Demande envoyée")

    coordinator = new_visit().page()
    log_in(coordinator, COORDINATION_EMAIL)
    coordinator.goto("/espace/coordination/")
    card = coordinator.locator(".fr-card").filter(has_text="Association fictive d'entraide du Haut-Bugey")
    card.get_by_role("button", name="Valider et publier").click()
    expect(coordinator.locator(".fr-card").filter(has_text="Association fictive d'entraide")).to_have_count(0)


# --- A hand-over sent and accepted ---


def test_a_ccas_member_hands_a_person_to_avema_who_accepts_with_a_second_factor(new_visit, public_site):
    sender = new_visit().page()
    log_in(sender, CCAS_EMAIL)
    sender.goto(public_site.paths["avema-service"])
    sender.get_by_role("link", name="Adresser une personne à ce service").click()
    set_up_second_factor(sender)  # reading a hand-over needs a second factor, so does writing one
    expect(sender.get_by_role("heading", level=1)).to_contain_text("Adresser une personne à")
    sender.get_by_label("Situation").select_option("aide-aux-victimes--violences-conjugales")
    sender.get_by_label("Base de la transmission").select_option(index=1)
    consent = sender.get_by_label("Comment la personne a donné son accord")
    if consent.count():
        consent.select_option(index=1)
    sender.get_by_label("Date de l'accord").fill(sender.evaluate("new Date().toISOString().slice(0, 10)"))
    sender.get_by_label("Commune de la personne").fill("01100 Oyonnax")
    sender.get_by_label("Nom ou pseudonyme de la personne").fill(SYNTHETIC_NAME)
    sender.get_by_label("Moyen sûr pour la contacter").fill("06 00 00 00 01")
    sender.get_by_label("Résumé de la demande").fill("Souhaite être accompagnée pour porter plainte.")
    sender.get_by_role("button", name="Envoyer la mise en relation").click()
    expect(sender.locator("#statut")).to_have_text(re.compile("envoyée", re.I))
    hand_over = sender.url
    reference = reference_on(sender)

    receiver = new_visit().page()
    log_in(receiver, AVEMA_EMAIL)
    receiver.goto("/espace/mises-en-relation/")
    set_up_second_factor(receiver)
    # The inbox also lists the axe scan's hand-over (same service, same synthetic name): the receiver opens the one
    # she was sent by its reference, as she would from the e-mail. References are random and may hold no digit.
    receiver.get_by_role("link", name=reference, exact=True).click()
    expect(receiver.get_by_role("heading", level=1)).to_have_text(f"Mise en relation {reference}")
    expect(receiver.locator("main")).to_contain_text(SYNTHETIC_NAME)
    receiver.get_by_role("button", name="Accepter").click()
    expect(receiver.locator("#statut")).to_have_text(re.compile("acceptée", re.I))

    sender.goto(hand_over)
    expect(sender.locator("#statut")).to_have_text(re.compile("acceptée", re.I))


# --- PDF downloads ---


def test_a_fiche_reflexe_pdf_is_downloaded(visit, public_site):
    # Served inline (Content-Disposition: inline, a file name) so that it opens ready to print: Chromium shows it
    # instead of firing a download event; the test checks what the click received, then fetches the same file
    # with the same browser context (its cookies) to read it: the viewer consumes the stream.
    page = visit.page()
    page.goto(public_site.paths["fiche-reflexe"])
    with page.expect_response(re.compile(r"\.pdf$")) as info:
        page.get_by_role("link", name="Télécharger la fiche en PDF (A4)").click()
    response = info.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert re.match(r'inline; filename=".+\.pdf"', response.headers["content-disposition"])
    text = " ".join(pdf_text_of(visit.context.request.get(response.url).body()).split())
    assert public_site.paths["situation-title"] in text and "Oyonnax" in text


def test_a_coordinator_downloads_the_plan_as_a_pdf(visit, public_site):
    page = visit.page()
    log_in(page, COORDINATION_EMAIL)
    page.goto(public_site.paths["plan"])
    with page.expect_download() as info:
        page.get_by_role("link", name="Plan complet (PDF)").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    text = " ".join(pdf_text(download).split())
    assert public_site.paths["plan-title"] in text
