"""The two public forms of the directory (join, report an error) set no cookie; the browser's headers protect them.

allervers/common/csrf.py: a POST whose Sec-Fetch-Site is not same-origin, or (without it) whose Origin or Referer is
not this site, is refused with the French CSRF page before anything is written.
"""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from allervers.directory.models import Structure
from allervers.directory.tracking import ErrorReport
from tests.factories import ServiceFactory, UserFactory
from tests.portal.error_page_checks import error_page

pytestmark = pytest.mark.django_db

OWN = "http://testserver"
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": OWN}  # what Chromium sends with the site's own form
REPORT = {"elements": ["telephone"], "message": "Le numéro ne répond plus.", "website": ""}
JOIN = {
    "name": "Association fictive d'aide",
    "structure_type": "association",
    "commune_text": "01300 Belley",
    "description": "Écoute et accompagnement des victimes.",
    "email": "contact@example.org",
    "website": "",
}


@pytest.fixture
def report_url():
    return reverse("backoffice:report-error", args=[ServiceFactory(name="Service fictif").pk])


def refused(response):
    """The French page of a refused form, with the quick exit and the emergency numbers, and no cookie."""
    html = error_page(response, 403)
    assert "Formulaire expiré" in html and "Rien n'a été enregistré" in html
    assert not response.cookies
    return html


def test_both_forms_open_without_setting_a_cookie(client, report_url):
    for url in (reverse("backoffice:join"), report_url):
        response = client.get(url)
        assert response.status_code == 200
        assert 'name="csrfmiddlewaretoken"' not in response.content.decode()
        assert not response.cookies and "Set-Cookie" not in response.headers
    assert not client.cookies


def test_a_report_sent_from_the_site_is_saved_without_a_cookie(client, report_url):
    response = client.post(report_url, REPORT, headers=SAME_ORIGIN)
    assert "Merci" in response.content.decode()
    assert ErrorReport.objects.get().message == "Le numéro ne répond plus."
    assert not response.cookies and not client.cookies


def test_a_join_request_sent_from_the_site_is_saved_without_a_cookie(client):
    response = client.post(reverse("backoffice:join"), JOIN, headers=SAME_ORIGIN)
    assert "Demande envoyée" in response.content.decode()
    assert Structure.objects.get().name == "Association fictive d'aide"
    assert not response.cookies and not client.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://autre.testserver"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page-piege/"},
    ],
    ids=["cross-site", "same-site", "none", "foreign-origin", "null-origin", "foreign-referer"],
)
def test_a_report_forged_by_another_site_is_refused_in_french_and_nothing_is_saved(client, report_url, headers):
    refused(client.post(report_url, REPORT, headers=headers))
    assert not ErrorReport.objects.exists()


def test_a_join_request_forged_by_another_site_is_refused_and_nothing_is_saved(client):
    refused(client.post(reverse("backoffice:join"), JOIN, headers={"Origin": "https://evil.example"}))
    assert not Structure.objects.exists()


def test_a_post_that_says_nothing_of_where_it_comes_from_is_refused(client, report_url):
    # Browsers send Origin with every form POST: a request with neither it, Sec-Fetch-Site nor Referer is not one.
    refused(client.post(report_url, REPORT))
    assert not ErrorReport.objects.exists()


def test_an_old_browser_sending_only_its_origin_or_referer_is_accepted(client, report_url):
    client.post(report_url, REPORT, headers={"Origin": OWN})
    client.post(report_url, REPORT, headers={"Referer": f"{OWN}{report_url}"})
    assert ErrorReport.objects.count() == 2


def test_the_origin_must_have_the_scheme_of_the_request(client, report_url):
    refused(client.post(report_url, REPORT, headers={"Origin": OWN}, secure=True))
    client.post(report_url, REPORT, headers={"Origin": "https://testserver"}, secure=True)
    assert ErrorReport.objects.count() == 1


@override_settings(CSRF_TRUSTED_ORIGINS=["https://*.allervers.example"])
def test_an_origin_the_operator_trusts_is_accepted(client, report_url):
    client.post(report_url, REPORT, headers={"Sec-Fetch-Site": "same-site", "Origin": "https://www.allervers.example"})
    refused(client.post(report_url, REPORT, headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}))
    assert ErrorReport.objects.count() == 1


def test_forged_posts_do_not_spend_the_rate_limit_of_the_address(client, report_url):
    for _ in range(12):
        refused(client.post(report_url, REPORT, headers={"Sec-Fetch-Site": "cross-site"}))
    assert "Merci" in client.post(report_url, REPORT, headers=SAME_ORIGIN).content.decode()


def test_a_signed_in_visitor_keeps_the_token_check_as_well(report_url):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())
    page = browser.get(report_url)
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    token = browser.cookies["csrftoken"].value
    refused(browser.post(report_url, REPORT, headers=SAME_ORIGIN))  # the headers alone are not enough
    forged = {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
    refused(browser.post(report_url, {**REPORT, "csrfmiddlewaretoken": token}, headers=forged))
    assert not ErrorReport.objects.exists()
    response = browser.post(report_url, {**REPORT, "csrfmiddlewaretoken": token}, headers=SAME_ORIGIN)
    assert "Merci" in response.content.decode()
    assert ErrorReport.objects.count() == 1
