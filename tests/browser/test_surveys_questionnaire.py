"""The public victimisation questionnaire, answered without JavaScript and without any cookie being set."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe_violations

SLUG = "enquete-navigateur"
CODE = "NAVIG234"


def _in_thread(work: Callable[[], Any]) -> Any:
    """Playwright's event loop runs in the main thread, where Django refuses ORM calls: work from another one."""

    def run() -> Any:
        from django.db import connections

        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(run).result()


def _create() -> None:
    from allervers.surveys.library import add_blocks
    from allervers.surveys.models import Invitation, Survey
    from allervers.territories.models import Department

    survey = Survey.objects.create(
        title="Enquête de test du navigateur",
        slug=SLUG,
        organiser="CISPD de test",
        department=Department.objects.get(code="01"),
        territory="Communes de test",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        legal_notice="Enquête de test.",
        status="open",
    )
    add_blocks(survey)
    survey.replace_margins(
        {"sexe": {"F": 500, "H": 500}, "age_groupe": {"30-44": 1000}, "commune": {"01249": 600, "01043": 400}},
        "test",
        illustrative=True,
    )
    Invitation.objects.create(survey=survey, code=CODE)


def _remove() -> None:
    from allervers.surveys.models import Survey

    Survey.objects.filter(slug=SLUG).delete()


def _stored() -> list[dict[str, Any]]:
    from allervers.surveys.models import Response

    return list(
        Response.objects.filter(survey__slug=SLUG).values("commune", "sexe", "age_groupe", "answers", "collected_on")
    )


@pytest.fixture
def survey_site(public_site, chromium) -> Iterator[None]:
    _in_thread(_create)
    yield
    _in_thread(_remove)


def _choose(page, question: str, answer: str) -> None:
    """Tick an answer with the keyboard, as a person without a mouse does (the sticky quick exit covers labels
    scrolled to the top of the screen)."""
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).focus()
    page.keyboard.press("Space")


def _no_cookie(visit) -> None:
    assert visit.context.cookies() == [], visit.context.cookies()


def test_a_person_answers_the_questionnaire_without_javascript_and_no_cookie_is_ever_set(new_visit, survey_site):
    visit = new_visit(java_script_enabled=False)
    page = visit.page()
    set_cookies: list[str] = []
    page.on(
        "response",
        lambda response: set_cookies.extend(
            value for name, value in response.headers.items() if name.lower() == "set-cookie"
        ),
    )
    page.goto(f"/enquetes/{SLUG}/")
    expect(page.get_by_role("link", name="Quitter ce site")).to_be_visible()
    page.get_by_label("Code d'invitation").fill(CODE.lower())
    page.get_by_role("button", name="Commencer le questionnaire").click()
    _no_cookie(visit)

    # Page 1: what happened. Insulted: yes; the violence questions are skipped (left unanswered).
    expect(page.get_by_text("Certaines questions portent sur des violences")).to_be_visible()
    _choose(page, "vous a-t-on insulté·e", "Oui")
    _choose(page, "votre logement a-t-il été cambriolé", "Non")
    page.get_by_role("button", name="Continuer").click()

    # Page 2: the follow-ups appear only after « oui » to having been a victim.
    expect(page.get_by_text("Avez-vous porté plainte")).to_have_count(0)
    _choose(page, "au moins une des questions précédentes", "Oui")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text("Étape 3 sur 6")).to_be_visible()  # the follow-ups' page, asked after that « oui »
    _choose(page, "Avez-vous porté plainte", "Non")
    page.get_by_role("button", name="Continuer").click()

    # Pages 4 and 5 answered as « Je préfère ne pas répondre » (the default when nothing is ticked).
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Continuer").click()

    # Profile page.
    page.get_by_label("Femme").focus()
    page.keyboard.press("Space")
    page.get_by_label("Votre âge").fill("37")
    page.get_by_label("Votre commune").select_option("01249")
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_role("heading", name="Merci, vos réponses sont enregistrées")).to_be_visible()
    expect(page.get_by_role("link", name="3919 : Violences Femmes Info")).to_be_visible()
    _no_cookie(visit)
    assert set_cookies == []

    stored = _in_thread(_stored)
    assert len(stored) == 1
    answer = stored[0]
    assert (answer["commune"], answer["sexe"], answer["age_groupe"]) == ("01249", "F", "30-44")
    assert answer["answers"]["injures"] is True and answer["answers"]["plainte"] is False
    assert answer["answers"]["violences_sexuelles"] is None
    assert isinstance(answer["collected_on"], datetime.date) and not isinstance(
        answer["collected_on"], datetime.datetime
    )

    # The code served once: a second person cannot use it.
    page.goto(f"/enquetes/{SLUG}/")
    page.get_by_label("Code d'invitation").fill(CODE)
    page.get_by_role("button", name="Commencer le questionnaire").click()
    expect(page.get_by_text("Ce code n'existe pas ou a déjà servi")).to_be_visible()
    _no_cookie(visit)


def test_the_questionnaire_pages_pass_axe_and_fit_a_360_px_screen(new_visit, survey_site):
    visit = new_visit(viewport={"width": 360, "height": 740})
    page = visit.page()
    page.goto(f"/enquetes/{SLUG}/")
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    page.get_by_label("Code d'invitation").fill(CODE)
    page.keyboard.press("Enter")  # the keyboard alone submits the form
    expect(page.get_by_text("Étape 1 sur 6")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _no_cookie(visit)


def _load_demo() -> str:
    from allervers.surveys.demo import load_surveys_demo

    return load_surveys_demo().survey.slug


def _remove_demo() -> None:
    from allervers.surveys.demo import SLUG
    from allervers.surveys.models import Survey

    Survey.objects.filter(slug=SLUG).delete()


@pytest.fixture
def published_survey(public_site, chromium) -> Iterator[str]:
    slug = _in_thread(_load_demo)
    yield slug
    _in_thread(_remove_demo)


def test_the_public_results_pass_axe_fit_a_360_px_screen_and_are_read_with_the_keyboard(new_visit, published_survey):
    visit = new_visit(viewport={"width": 360, "height": 740})
    page = visit.page()
    page.goto(f"/enquetes/{published_survey}/resultats/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Résultats")
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.get_by_role("img", name="Part estimée des habitants")).to_be_visible()  # the chart, named
    expect(page.get_by_role("table").first).to_be_attached()

    # The keyboard reaches the national figures' sources, each focus drawn on screen.
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.getAttribute('href')") or ""
        if "insee.fr" in href or "interieur.gouv.fr" in href:
            box = page.evaluate(
                "(() => { const r = document.activeElement.getBoundingClientRect(); "
                "return r.width > 0 && r.height > 0; })()"
            )
            assert box, href
            reached.append(href)
        if len(reached) >= 2:
            break
    assert len(reached) >= 2, reached
    _no_cookie(visit)
