"""The help page a printed QR code leads to, /aide/01283/ (Oyonnax): accessible, without JavaScript, offline once
read, without cookie, and lighter on a first visit than the other public pages. Data: the Ain demo directory that
tests/browser/conftest.py loads (its helplines and Oyonnax's services)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, axe_violations, describe_violations
from tests.browser.test_offline import _wait_until_controlled, _wait_until_saved
from tests.browser.test_page_weight import FIRST_VISIT_BUDGET, _kb, _load

HELP = "/aide/01283/"


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


def test_it_opens_offline_once_visited_and_stays_light(new_visit, public_site):
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
        f"{_kb(again.measured + again.worker_network)} KB; largest {first.largest[:25]}\n",
        encoding="utf-8",
    )
    assert first.production < FIRST_VISIT_BUDGET

    visit.context.set_offline(True)
    page.goto(HELP)
    expect(page.get_by_role("heading", level=1)).to_have_text("De l'aide à Oyonnax")
    expect(page.locator('a[href="tel:3919"]').first).to_be_visible()
    expect(page.locator("#hors-ligne")).to_be_visible()
