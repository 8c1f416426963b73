"""Public pages set no cookie: a visit must leave no trace in the browser of a person someone may be watching.

The test loads every demo data set, opens the pages a person reaches without an account (the ones the project names,
then every same-site link those pages hold, at most two addresses per route), and asserts that none of them sets a
cookie, not even the CSRF one: the public forms (join, report an error, register for a training) are protected by
the browser's headers instead (allervers/common/csrf.py). The professional space, sign-in, admin and API are not
public pages. The pages reached from a registration e-mail (confirm, cancel, evaluation) need a registration's
token and are not walked here: tests/outreach/test_public_forms_cookieless.py opens them.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from allervers.campaigns.demo import load_campaigns_demo
from allervers.campaigns.models import Campaign
from allervers.directory.demo import load_demo
from allervers.directory.models import Service
from allervers.network.units_demo import load_network_demo
from allervers.outreach.demo import load_outreach_demo
from allervers.pathways.seed import load_pathways
from allervers.surveys.demo import load_surveys_demo
from allervers.surveys.models import Survey

pytestmark = pytest.mark.django_db

# Reached with an account only (or machines): not public pages. The two public forms live under /espace/ too.
NOT_PUBLIC = ("/espace/", "/compte/", "/admin/", "/api/", "/plans/", "/static/", "/parcours/gestion/")
PUBLIC_UNDER_ESPACE = ("/espace/rejoindre/", "/espace/signaler/")
# Big downloads rendered on demand (a PDF per commune of an EPCI): one fiche PDF is enough.
SKIPPED_SUFFIXES = (".zip",)
PER_ROUTE = 2
HREF = re.compile(r'href="(/[^"#]*)"')

# Public GET pages that still set a cookie, each with why; they have their own (strict xfail) test below.
KNOWN_GAPS: dict[str, str] = {}


@pytest.fixture
def demo_site(db):
    load_demo()
    load_pathways()
    load_network_demo()
    load_outreach_demo()
    load_campaigns_demo()
    return load_surveys_demo()


def named_pages(service: Service, survey: Survey, campaign: Campaign) -> list[str]:
    """The pages the project names as public, each of which must be reached."""
    return [
        "/",
        "/recherche/?commune=Oyonnax",
        reverse("portal:service", args=[service.pk, service.slug]),
        reverse("portal:structure", args=[service.structure.pk, service.structure.slug]),
        "/urgences/",
        "/naviguer-en-securite/",
        "/accessibilite/",
        "/confidentialite/",
        "/parcours/",
        "/parcours/fiches/",
        reverse("pathways:commune-fiche", args=["violences-conjugales", "01283"]),
        "/aide/01283/",
        "/aide/epci/240100800/",
        reverse("campaigns:campaign-page", args=["01283", campaign.slug]),
        reverse("surveys:intro", args=[survey.slug]),
        "/agenda/",
        "/unites-mobiles/",
        "/formations/attestations/verifier/",
        "/espace/rejoindre/",
        reverse("backoffice:report-error", args=[service.pk]),
        "/manifest.webmanifest",
        "/sw.js",
        "/page-qui-n-existe-pas/",
    ]


def is_public(path: str) -> bool:
    return not path.startswith(NOT_PUBLIC) or path.startswith(PUBLIC_UNDER_ESPACE)


def route_of(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return "404"


def walk(client: Client, start: list[str]) -> dict[str, tuple[int, list[str], str]]:
    """Every public page reached from `start`: address → (status, names of the cookies it set, route)."""
    seen: dict[str, tuple[int, list[str], str]] = {}
    per_route: Counter[str] = Counter()
    queue = deque(start)
    while queue:
        url = queue.popleft()
        route = route_of(urlsplit(url).path)
        if url in seen or (per_route[route] >= PER_ROUTE and url not in start):
            continue
        per_route[route] += 1
        response = client.get(url)
        cookies = sorted(response.cookies) + (["Set-Cookie header"] if "Set-Cookie" in response.headers else [])
        client.cookies.clear()  # each page as a first visit: a cookie one page set must not hide another's
        seen[url] = (response.status_code, cookies, route)
        if response["Content-Type"].startswith("text/html"):
            for link in HREF.findall(response.content.decode()):
                link = link.replace("&amp;", "&")
                if is_public(urlsplit(link).path) and not urlsplit(link).path.endswith(SKIPPED_SUFFIXES):
                    queue.append(link)
    return seen


def test_no_public_page_sets_a_cookie(client, demo_site):
    service = Service.objects.visible().filter(structure__source="demo-ain").order_by("pk").first()
    start = named_pages(service, demo_site.survey, Campaign.objects.get())
    seen = walk(client, start)
    for url in start:
        assert seen[url][0] == (404 if url == "/page-qui-n-existe-pas/" else 200), url
    assert [url for url, (status, _, _) in seen.items() if status >= 500] == []
    offenders = {url: cookies for url, (_, cookies, route) in seen.items() if cookies and route not in KNOWN_GAPS}
    assert offenders == {}
    routes = {route for _, _, route in seen.values()}
    # The walk went past the named pages: listings, structures, units, events and the fiches' PDFs.
    assert {"network:unit", "outreach:event", "pathways:epci-fiche", "pathways:commune-fiche-pdf"} <= routes


def test_the_public_training_session_page_sets_no_cookie(client, demo_site):
    agenda = client.get(reverse("outreach:agenda")).content.decode()
    session = re.search(r'href="(/agenda/sessions/\d+/)"', agenda)
    assert session is not None
    response = client.get(session[1])
    assert response.status_code == 200
    assert not response.cookies
