"""The territory's help page, /aide/<INSEE>/ and /aide/epci/<SIREN>/: the target of every QR code."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_the_emergency_numbers_first_then_the_directorys_helplines(client, helplines, oyonnax_service):
    response = client.get("/aide/01283/")
    assert response.status_code == 200
    html = response.content.decode()
    content = html[html.index('id="contenu"') :]
    assert content.index('href="tel:17"') < content.index('href="tel:3919"')
    # The 114 takes no call: an SMS link, never a tel: one.
    assert 'href="sms:114"' in content and 'href="tel:114"' not in content
    for href in ("tel:17", "tel:112", "tel:15", "tel:18", "tel:115"):
        assert f'href="{href}"' in content
    for number in ("3919", "119", "3977", "116006", "3018", "+33140470606"):
        assert f'href="tel:{number}"' in content
    assert "01 40 47 06 06" in content and "116 006" in content


def test_it_lists_the_local_services_and_the_nearest_on_site_ones(client, helplines, oyonnax_service, nantua_service):
    html = client.get("/aide/01283/").content.decode()
    assert "Accueil des victimes (fictif)" in html
    assert "Accueils sur place les plus proches" in html and "Écoute de proximité (fictive)" in html
    assert html.index("Accueil des victimes (fictif)") < html.index("Écoute de proximité (fictive)")


def test_it_leads_to_the_assistant_and_the_fiches_and_keeps_the_quick_exit(client, helplines):
    html = client.get("/aide/01283/").content.decode()
    assert 'href="/parcours/"' in html and 'href="/parcours/fiches/"' in html
    assert "quick-exit" in html or "Quitter" in html


def test_it_sets_no_cookie_and_stays_light(client, helplines, oyonnax_service, nantua_service):
    response = client.get("/aide/01283/")
    assert not response.cookies
    assert len(response.content) < 100 * 1024


def test_the_epci_page_lists_the_services_of_its_communes(client, helplines, oyonnax_service, nantua_service):
    response = client.get("/aide/epci/200042935/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<h1>De l'aide à [^<]*Haut", html)
    assert "Accueil des victimes (fictif)" in html and "Écoute de proximité (fictive)" in html


@pytest.mark.parametrize("path", ["/aide/99999/", "/aide/epci/999999999/", "/aide/abc/", "/aide/epci/12/"])
def test_an_unknown_territory_is_a_404_that_keeps_the_emergency_numbers(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert 'href="tel:17"' in response.content.decode()


def test_the_accessible_page_of_a_campaign_carries_its_message_and_numbers(client, helplines, campaign):
    html = client.get("/aide/01283/campagnes/vif-test/").content.decode()
    assert "Des professionnels vous écoutent" in html and "Vous pouvez en parler" in html
    assert 'href="tel:3919"' in html and 'href="sms:114"' in html


def _stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)


def _css(paths: list[str]) -> str:
    from django.contrib.staticfiles import finders

    return "\n".join(Path(str(finders.find(path))).read_text(encoding="utf-8") for path in paths)


def test_its_lighter_stylesheets_style_every_dsfr_class_it_shows(client, helplines, oyonnax_service, nantua_service):
    """The help page loads the DSFR's core and a few components instead of the whole DSFR, and no DSFR script:
    every DSFR class on it that the whole DSFR styles is styled by those files (nothing shows unstyled)."""
    help_html = client.get("/aide/01283/").content.decode()
    search = client.get(reverse("portal:search"))
    assert search.status_code == 200
    search_html = search.content.decode()
    light, full = _stylesheets(help_html), _stylesheets(search_html)
    assert "dsfr/dist/dsfr/dsfr.main.min.css" in full and "dsfr/dist/dsfr/dsfr.main.min.css" not in light
    assert "dsfr/dist/core/core.main.min.css" in light
    assert "dsfr/dist/" not in "".join(re.findall(r"<script[^>]*>", help_html))
    assert "portal/site.js" in help_html  # the service worker (offline) and the quick exit
    light_css, full_css = _css(light), _css(full)
    classes = {name for attribute in re.findall(r'class="([^"]+)"', help_html) for name in attribute.split()}
    unstyled = [
        name
        for name in sorted(classes)
        if name.startswith("fr-")
        and re.search(rf"\.{re.escape(name)}(?![\w-])", full_css)
        and not re.search(rf"\.{re.escape(name)}(?![\w-])", light_css)
    ]
    assert unstyled == []


def test_the_service_worker_keeps_the_help_pages_among_the_public_pages(client):
    worker = client.get(reverse("portal:service-worker")).content.decode()
    public_pages = re.search(r"var PUBLIC_PAGES = \[([^\]]*)\];", worker)
    assert public_pages is not None and '"/aide/"' in public_pages.group(1)
