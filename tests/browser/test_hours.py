"""A person reads opening hours in French: on a helpline's page, with a status that agrees with the badge, and on
the emergency page's cards. The demo's FDFA line (01 40 47 06 06) is open Monday and Thursday only."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_SOURCE

FDFA = "fdfa--ecoute-violences-femmes-handicapees"


def _service_path(source_id: str) -> str:
    from django.db import connections

    from allervers.directory.models import Service

    try:
        service = Service.objects.get(source=DEMO_SOURCE, source_id=source_id)
        return reverse("portal:service", args=[service.pk, service.slug])
    finally:
        connections.close_all()  # this thread's connection: left open, PostgreSQL's would warn when collected


@pytest.fixture
def fdfa_path(public_site) -> str:
    # Playwright's event loop runs in this thread, where Django refuses ORM calls: ask from another thread.
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(_service_path, FDFA).result()


def test_a_helpline_page_reads_its_hours_in_french_with_a_status(visit, fdfa_path):
    page = visit.page()
    page.goto(fdfa_path)
    hours = page.locator("main .hours")
    expect(hours).to_be_visible()
    for line in ("Lundi, de 10 h à 13 h et de 14 h 30 à 17 h 30", "Jeudi, de 10 h à 13 h", "Les autres jours, fermé"):
        expect(hours.get_by_text(line, exact=True)).to_be_visible()
    expect(hours).to_contain_text(re.compile(r"Aujourd'hui : "))
    status = hours.locator("strong").first.inner_text()
    assert re.fullmatch(r"Ouvert, ferme à \d+ h( \d\d)?|Fermé, ouvre .+ à \d+ h( \d\d)?", status), status
    badge = page.locator(".result-meta .fr-badge", has_text=re.compile("maintenant")).text_content()
    assert badge.startswith(status.split(",")[0]), (badge, status)  # « Ouvert maintenant » with « Ouvert, … »
    assert page.locator("main code").count() == 0
    expect(page.locator("main")).not_to_contain_text("14:30")


def test_the_emergency_page_gives_the_hours_of_the_lines_that_are_not_always_open(visit):
    page = visit.page()
    page.goto("/urgences/")
    card = page.locator(".fr-callout", has=page.get_by_role("heading", name=re.compile("^3977")))
    expect(card.locator(".hours")).to_contain_text("Horaires : tous les jours, de 9 h à 19 h.")
    always = page.locator(".fr-callout", has=page.get_by_role("heading", name=re.compile("^3919")))
    expect(always).to_contain_text("24 h/24, 7 j/7.")
    expect(always.locator(".hours")).to_have_count(0)
