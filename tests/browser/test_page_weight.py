"""Light pages: ≤ 300 KB transferred on a first visit, ≤ 30 KB on the next one (issue 8).

What Chromium receives from the test server is measured (Playwright's request sizes come from the DevTools
protocol: headers + body as they crossed the network). The test server does not compress static files;
production does (whitenoise's CompressedManifestStaticFilesStorage serves the .gz it writes at collectstatic),
so the first-visit budget is checked on what production sends: the measured headers plus each static body
compressed as whitenoise compresses it (gzip, level 9, skipped for fonts and images, kept only when 5 % smaller).
The HTML is counted as the test server sends it, uncompressed. The table goes to test-artifacts/page-weights.md.
"""

import gzip
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Request

from allervers.portal import offline
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import PUBLIC_PAGES, page_url
from tests.browser.test_offline import _wait_until_saved

FIRST_VISIT_BUDGET = 300 * 1024
NEXT_VISIT_BUDGET = 30 * 1024
# whitenoise.compress.Compressor.SKIP_COMPRESS_EXTENSIONS (fonts and images are compressed already).
NOT_COMPRESSED = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".woff", ".woff2", ".zip", ".gz", ".br")


@dataclass
class Load:
    measured: int = 0
    production: int = 0
    requests: int = 0
    from_worker: int = 0
    worker_network: int = 0
    largest: list[tuple[int, str]] = field(default_factory=list)


def _production_size(request: Request, sizes: dict) -> int:
    body = sizes["responseBodySize"]
    path = urlsplit(request.url).path
    if not path.startswith("/static/") or path.endswith(NOT_COMPRESSED) or body == 0:
        return sizes["responseHeadersSize"] + body
    compressed = len(gzip.compress(request.response().body(), compresslevel=9))
    return sizes["responseHeadersSize"] + (compressed if compressed < body * 0.95 else body)


def _load(context: BrowserContext, page: Page, url: str, wait: str) -> Load:
    """What one visit transfers. The context sees the page's requests and the service worker's own ones."""
    finished: list[Request] = []

    def record(request: Request) -> None:
        finished.append(request)

    context.on("requestfinished", record)
    page.goto(url, wait_until=wait)
    context.remove_listener("requestfinished", record)
    load = Load()
    for request in finished:
        if urlsplit(request.url).scheme not in ("http", "https"):
            continue
        sizes = request.sizes()
        measured = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        if request.service_worker is not None:
            load.worker_network += measured  # the worker's own network fetch (a page, or its offline copies)
            continue
        load.requests += 1
        if request.response().from_service_worker:
            load.from_worker += 1  # answered by the worker: counted above if it went to the network
            continue
        load.measured += measured
        load.production += _production_size(request, sizes)
        load.largest.append((measured, urlsplit(request.url).path))
    load.largest.sort(reverse=True)
    return load


def _kept_by_the_worker(url: str) -> bool:
    """Whether the service worker keeps this page for offline reading (sw.js isPublicPage)."""
    path = urlsplit(url).path
    return any(path == "/" if prefix == "/" else path.startswith(prefix) for prefix in offline.public_page_prefixes())


def _kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def test_every_public_page_is_light_on_the_first_and_the_next_visit(new_visit, public_site):
    rows = []
    failures = []
    for name in PUBLIC_PAGES:
        visit = new_visit(service_workers="allow")
        page = visit.page()
        url = page_url(public_site, name)
        first = _load(visit.context, page, url, "networkidle")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        # The worker keeps the first page read once it is ready (site.js's `keep` message): its fetch of that page
        # belongs to the first visit, and on a busy machine it would otherwise land in the next one's count.
        if _kept_by_the_worker(url):
            _wait_until_saved(page, url)
        again = _load(visit.context, page, url, "load")
        next_visit = again.measured + again.worker_network
        rows.append(
            f"| {name} | {_kb(first.measured)} | {_kb(first.production)} | {first.requests} "
            f"| {_kb(first.worker_network)} | {_kb(next_visit)} | {again.from_worker}/{again.requests} |"
        )
        if first.production > FIRST_VISIT_BUDGET:
            failures.append(f"{name}: first visit {_kb(first.production)} KB, largest {first.largest[:4]}")
        if next_visit > NEXT_VISIT_BUDGET:
            failures.append(f"{name}: next visit {_kb(next_visit)} KB, largest {again.largest[:4]}")
    ARTIFACTS.mkdir(exist_ok=True)
    table = [
        "| page | 1re visite, serveur de test (Ko) | 1re visite, production (Ko) | requêtes "
        "| copies hors ligne, en arrière-plan (Ko) | visite suivante (Ko) | servies par le service worker |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]
    (ARTIFACTS / "page-weights.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    assert failures == [], "\n".join(failures)
