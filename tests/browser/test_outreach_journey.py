"""Issue 17's browser journey: a professional registers for a training on the public agenda, confirms by the e-mail
link, is promoted from the waiting list when the only place frees, is checked in by the trainer who scans her code,
downloads her certificate whose reference verifies, answers the evaluation; on the plan's fiche 2.1.3, the automatic
indicator's count of people trained as crèche staff has grown by one since before her check-in.
Plus an axe scan of /agenda/.

Data: the demo directory, plan and accounts of `public_site`, and, from the module fixture below, one session of a
CIDFF offer with a single place already held by a synthetic registrant, and an automatic indicator on fiche 2.1.3.
ORM calls run in a worker thread (Playwright's loop runs in the main thread); everything is deleted at the end.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, describe_violations
from tests.browser.professional.data import COORDINATION_EMAIL, DEMO_PASSWORD

PROFESSIONAL = "dominique.fictive@example.org"
HOLDER = "premiere.fictive@example.org"
INDICATOR = "Personnes formées par profession (parcours de test)"


def orm(function: Callable[[], Any]) -> Any:
    def run() -> Any:
        from django.db import connections

        try:
            return function()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


@dataclass
class Journey:
    session_pk: int
    plan_pk: int
    fiche_pk: int
    holder_token: str


@pytest.fixture(scope="module")
def outreach_journey(public_site, django_db_blocker) -> Iterator[Journey]:
    def create() -> Journey:
        from django.utils import timezone

        from allervers.directory.models import Structure
        from allervers.outreach.enums import Profession, RegistrationStatus, Topic
        from allervers.outreach.models import Offer, Registration, Session
        from allervers.plan.models import FicheAction, Indicator
        from allervers.territories.models import Commune

        fiche = FicheAction.objects.select_related("action__axis__plan").get(
            action__axis__plan__is_demo=True, number="2.1.3"
        )
        offer = Offer.objects.create(
            title="Journée fictive du parcours de test",
            organiser=Structure.objects.get(source="demo-ain", source_id="cidff-ain"),
            topic=Topic.DOMESTIC_VIOLENCE,
            target_professions=[Profession.NURSERY_STAFF],
        )
        offer.fiches.add(fiche)
        start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
        bourg = Commune.objects.get(code="01053", kind="COM")
        session = Session.objects.create(
            offer=offer,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=7),
            commune=bourg,
            capacity=1,
            waiting_list_size=3,
            registration_deadline=start - datetime.timedelta(days=2),
        )
        holder = Registration.objects.create(
            session=session,
            status=RegistrationStatus.CONFIRMED,
            confirmed_at=timezone.now(),
            first_name="Première",
            last_name="Fictive",
            email=HOLDER,
            profession=Profession.MUNICIPAL_RECEPTION,
            employer_name="Mairie fictive",
            work_commune=bourg,
        )
        Indicator.objects.create(
            plan=fiche.action.axis.plan,
            fiche=fiche,
            title=INDICATOR,
            unit="personnes",
            automatic_source="formations-personnes-formees-profession",
        )
        return Journey(session.pk, fiche.action.axis.plan_id, fiche.pk, holder.token("registration"))

    def remove() -> None:
        from allervers.mailing.models import OutgoingEmail
        from allervers.outreach.models import Offer
        from allervers.plan.models import Indicator

        Indicator.objects.filter(title=INDICATOR).delete()
        Offer.objects.filter(title="Journée fictive du parcours de test").delete()
        OutgoingEmail.objects.filter(recipient__in=[PROFESSIONAL, HOLDER]).delete()

    with django_db_blocker.unblock():
        journey = orm(create)
        try:
            yield journey
        finally:
            orm(remove)


def last_link(address: str) -> str:
    def read() -> str:
        from allervers.mailing.models import OutgoingEmail

        email = OutgoingEmail.objects.filter(recipient=address).order_by("-pk").first()
        assert email is not None
        found = re.search(r"https?://[^/\s]+(/\S+)", email.body)
        assert found, email.body
        return found.group(1)

    return orm(read)


def checkin_path_from_qr(page: Page) -> str:
    import zxingcpp
    from PIL import Image

    image = Image.open(io.BytesIO(page.locator("main svg").first.screenshot()))
    decoded = zxingcpp.read_barcodes(image)
    assert decoded, "le code de pointage ne se lit pas"
    return urlsplit(decoded[0].text).path


TRAINED_AS_CRECHE_STAFF = re.compile(r"personnel de crèche : (\d+) personnes")


def fiche_count(page: Page, journey: Journey) -> int:
    """As the coordinator: refresh the plan's automatic indicators, then read the fiche page's latest count of
    people trained as crèche staff (0 when the category is not there yet)."""
    page.goto(f"/plans/{journey.plan_pk}/")
    page.get_by_role("button", name="Actualiser les indicateurs automatiques").click()
    expect(page.get_by_text("Indicateurs automatiques actualisés")).to_be_visible()
    page.goto(f"/plans/fiches/{journey.fiche_pk}/")
    indicator = page.locator("main li", has_text=INDICATOR)
    expect(indicator).to_be_visible()
    found = TRAINED_AS_CRECHE_STAFF.search(indicator.inner_text())
    return int(found.group(1)) if found else 0


def test_a_professional_registers_is_promoted_checked_in_and_certified(outreach_journey, new_visit, django_db_blocker):
    journey = outreach_journey
    professional = new_visit().page()
    professional.goto("/agenda/")
    professional.get_by_role("link", name="Journée fictive du parcours de test").click()
    expect(professional.get_by_text(re.compile(r"0 places? restantes? sur 1"))).to_be_visible()
    professional.get_by_label("Prénom").fill("Dominique")
    professional.get_by_label("Nom", exact=True).fill("Fictive")
    professional.get_by_label("Courriel professionnel").fill(PROFESSIONAL)
    professional.get_by_label("Profession", exact=True).select_option(label="personnel de crèche")
    professional.get_by_label("Ou structure employeuse (texte libre)").fill("Crèche fictive")
    professional.get_by_label("Commune de travail").select_option(label="Oyonnax (01283)")
    professional.get_by_role("button", name="M'inscrire").click()
    expect(professional.get_by_role("heading", name="Vérifiez votre messagerie")).to_be_visible()

    with django_db_blocker.unblock():
        professional.goto(last_link(PROFESSIONAL))
        professional.get_by_role("button", name="Confirmer mon inscription").click()
        expect(professional.get_by_text("sur liste d'attente")).to_be_visible()

        holder = new_visit().page()  # the place frees: its holder cancels by her own link
        holder.goto(f"/formations/inscription/{journey.holder_token}/")
        holder.get_by_role("button", name="Annuler mon inscription").click()
        expect(holder.get_by_text("Votre inscription est annulée")).to_be_visible()

        professional.goto(last_link(PROFESSIONAL))  # "Une place s'est libérée"
    expect(professional.get_by_text("Statut : inscrit")).to_be_visible()
    checkin_path = checkin_path_from_qr(professional)

    trainer = new_visit().page()
    trainer.goto(f"/compte/connexion/?next={checkin_path}")
    trainer.get_by_label("Adresse électronique").fill(COORDINATION_EMAIL)
    trainer.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    trainer.get_by_role("button", name="Se connecter").click()
    expect(trainer.get_by_role("heading", name="Pointage : Dominique Fictive")).to_be_visible()
    before = fiche_count(trainer, journey)  # the trainer is also the plan's coordinator in the demo accounts
    trainer.goto(checkin_path)
    trainer.get_by_role("button", name="Présent").click()
    expect(trainer.get_by_text("présence : Présent", exact=False)).to_be_visible()

    professional.reload()
    reference = re.search(r"AT-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", professional.locator("main").inner_text())
    assert reference
    with professional.expect_download() as download:
        professional.get_by_role("link", name="Télécharger l'attestation de présence (PDF)").click()
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() or "" for p in PdfReader(download.value.path()).pages)
    assert "Dominique Fictive" in text and reference.group() in text
    verifier = new_visit().page()
    verifier.goto("/formations/attestations/verifier/")
    verifier.get_by_label("Référence de l'attestation").fill(reference.group())
    verifier.get_by_role("button", name="Vérifier").click()
    expect(verifier.get_by_role("heading", name="Attestation valide")).to_be_visible()
    expect(verifier.locator("main")).not_to_contain_text("Dominique")

    professional.get_by_role("link", name=re.compile("Répondre au questionnaire")).click()
    for name, value in [
        ("satisfaction", "5"),
        ("spotting_before", "2"),
        ("spotting_after", "4"),
        ("referring_before", "2"),
        ("referring_after", "5"),
    ]:
        professional.locator(f"label[for='id_{name}_{int(value) - 1}']").click()
    professional.get_by_label(re.compile("Qu'est-ce qui change")).fill("Je sais vers qui orienter.")
    professional.get_by_role("button", name="Envoyer mes réponses").click()
    expect(professional.get_by_role("heading", name="Merci pour votre avis")).to_be_visible()

    assert fiche_count(trainer, journey) == before + 1
    expect(trainer.locator("main li", has_text=INDICATOR)).to_contain_text(
        f"personnel de crèche : {before + 1} personnes"
    )
    trainer.goto(f"/espace/formations/sessions/{journey.session_pk}/")
    expect(trainer.get_by_text("1 réponse")).to_be_visible()
    violations = axe_violations(trainer)  # the organisers' list: check-in buttons, edit, cancel
    assert not violations, describe_violations(violations)
    trainer.get_by_role("link", name="Annuler la session").click()  # the confirmation page only: nothing is sent
    expect(trainer.get_by_role("button", name="Annuler la session et prévenir les inscrits")).to_be_visible()
    violations = axe_violations(trainer)
    assert not violations, describe_violations(violations)
    trainer.get_by_role("link", name="Revenir sans annuler").click()
    expect(trainer.get_by_role("link", name="Annuler la session")).to_be_visible()


def test_the_agenda_passes_axe(outreach_journey, visit):
    page = visit.page()
    page.goto("/agenda/")
    expect(page.get_by_role("heading", name="Agenda des formations et actions de sensibilisation")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.goto(f"/agenda/sessions/{outreach_journey.session_pk}/")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
