"""Browser tests: Playwright for Python driving Debian's Chromium against a live Django server.

Data. The public site only reads, so these tests share one committed data set instead of pytest-django's
`live_server` fixture, which makes every test transactional and empties every table (the 37,000 communes
included) after each test. `public_site` loads the Ain demo directory once for this folder, serves it with the
same `LiveServer` class that `live_server` uses, and deletes exactly the demo rows afterwards: the territories
loaded by tests/conftest.py stay for the test modules that run after this one.

The professional journeys (tests/browser/professional/) write: a verification, a join request, a hand-over. They
use the same server and the same committed data, plus the orientation circuits, the demo plan and the demo
accounts that `public_site` also loads (see professional/data.py). Every row they add is deleted at the end,
the hand-over access log included (append-only: its trigger is lifted for that cleanup only).

Event loop. Playwright's sync API keeps an asyncio loop running in the main thread while it is started, and
Django refuses ORM calls there (SynchronousOnlyOperation). So Playwright is started and stopped here, inside
this folder, after the data are loaded and before they are deleted, and never lives on into other test modules.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, Request, sync_playwright
from pytest_django.live_server_helper import LiveServer

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_SOURCE = "demo-ain"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

VIOLENCES_CONJUGALES = "aide-aux-victimes--violences-conjugales"


@dataclass
class Site:
    url: str
    setup_seconds: float
    paths: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture(scope="package")
def public_site(django_db_setup, django_db_blocker) -> Iterator[Site]:
    from allervers.directory.models import Service, Structure
    from allervers.territories.models import Commune
    from tests.browser.professional import data as professional_data
    from tests.conftest import assert_derived_rows_in_step

    for old in ARTIFACTS.glob("*.png"):  # the failures of an earlier run
        old.unlink()
    with django_db_blocker.unblock():
        _refuse_a_database_that_is_not_a_test_database()
        started = time.monotonic()
        if not Commune.objects.exists():  # a transactional test that ran before emptied the tables
            call_command("load-territories", verbosity=0)
        snapshot = professional_data.snapshot()
        settings_override = professional_data.referral_keys()
        settings_override.enable()
        server = None
        try:
            call_command("load-demo", verbosity=0)
            extra = professional_data.load()
            server = LiveServer("localhost")
            site = Site(url=server.url, setup_seconds=time.monotonic() - started)
            site.paths = _demo_paths(Service, Structure) | extra
            yield site
        finally:
            if server is not None:
                server.stop()
            try:
                if server is not None:  # what the journeys wrote through the server kept the derived rows in step
                    assert_derived_rows_in_step()
            finally:
                professional_data.remove(snapshot)
                Structure.objects.filter(source=DEMO_SOURCE).delete()
                settings_override.disable()


def _refuse_a_database_that_is_not_a_test_database() -> None:
    """pytest-django creates the test database only if a collected test asks for one (test_database.py does).
    Without it the connection still points at the development database, which these fixtures would fill and
    empty: refuse."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if not (name.startswith("file:memorydb") or name == ":memory:" or Path(name).name.startswith("test_")):
        pytest.fail(
            f"the browser tests would write to {name}: keep tests/browser/test_database.py in the run "
            "(e.g. -k 'assistant or database'), it makes pytest-django create the test database"
        )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """test_database.py first: a database test must not run while Playwright's event loop runs."""
    first = [item for item in items if item.nodeid.startswith("tests/browser/test_database.py")]
    items[:] = first + [item for item in items if item not in first]


def _demo_paths(service_model, structure_model) -> dict[str, str]:
    local = service_model.objects.get(source=DEMO_SOURCE, source_id="ccas-oyonnax--accueil")
    helpline = service_model.objects.get(source=DEMO_SOURCE, name__startswith="3919")
    structure = structure_model.objects.get(source=DEMO_SOURCE, source_id="cidff-ain")
    return {
        "service": reverse("portal:service", args=[local.pk, local.slug]),
        "helpline": reverse("portal:service", args=[helpline.pk, helpline.slug]),
        "structure": reverse("portal:structure", args=[structure.pk, structure.slug]),
    }


@pytest.fixture(scope="package")
def chromium(public_site, pytestconfig) -> Iterator[Browser]:
    """Debian's Chromium (the Playwright browser download is not used). --headed and --slowmo work for debugging."""
    headed = bool(pytestconfig.getoption("--headed", default=False))
    args = [arg for arg in CHROMIUM_ARGS if not (headed and arg == "--headless")]
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=args,
            headless=not headed,
            slow_mo=float(pytestconfig.getoption("--slowmo", default=0) or 0),
        )
        yield launched
        launched.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class Visit:
    """A browser context (one person's browser) that records every request it makes."""

    def __init__(self, context: BrowserContext, site: Site) -> None:
        self.context = context
        self.site = site
        self.requests: list[str] = []
        context.on("request", self._record)

    def _record(self, request: Request) -> None:
        self.requests.append(request.url)

    def page(self) -> Page:
        return self.context.new_page()

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.site.origin + "/")]


def _open_context(browser: Browser, site: Site, **options) -> BrowserContext:
    options.setdefault("locale", "fr-FR")
    options.setdefault("viewport", {"width": 1280, "height": 900})
    options.setdefault("service_workers", "block")
    context = browser.new_context(base_url=site.url, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def new_visit(chromium, public_site, request) -> Iterator:
    """Open browser contexts with options (e.g. java_script_enabled=False); screenshots them if the test fails."""
    contexts: list[BrowserContext] = []

    def open_visit(**options) -> Visit:
        context = _open_context(chromium, public_site, **options)
        contexts.append(context)
        return Visit(context, public_site)

    yield open_visit
    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed
    for number, context in enumerate(contexts):
        if failed:
            _screenshot_pages(context, request.node.nodeid, number)
        context.close()


@pytest.fixture
def visit(new_visit) -> Visit:
    return new_visit()


def _screenshot_pages(context: BrowserContext, nodeid: str, number: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", nodeid).strip("-")
    for index, page in enumerate(context.pages):
        try:
            page.screenshot(path=ARTIFACTS / f"{name}-{number}-{index}.png", full_page=True)
        except Exception:  # noqa: BLE001 - a closed or crashed page must not hide the test's own failure
            continue


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core in the page (WCAG 2.1 A and AA rules) and return its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the DevTools protocol: the page's CSP (script-src 'self' + nonce) stays untouched.
        page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


@functools.cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make test` (or `cd tests/browser && npm ci`)")
    return AXE_JS.read_text(encoding="utf-8")


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return "\n".join(lines)
