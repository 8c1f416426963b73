"""Closing an error report goes back to the page it was closed from, and never to another site."""

import pytest
from django.urls import reverse

from allervers.directory.tracking import ErrorReport
from tests.factories import ServiceFactory, coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def close(client):
    client.force_login(coordinator(zone_codes=["01"]))

    def post(next_url, **extra):
        service = ServiceFactory()
        report = ErrorReport.objects.create(service=service, elements=["telephone"], message="Ne répond plus.")
        url = reverse("backoffice:close-report", args=[report.pk, "corrige"])
        return client.post(url, {"next": next_url}, **extra)

    return post


def test_it_goes_back_to_the_page_of_this_site_it_was_closed_from(close):
    service_page = reverse("backoffice:coordination") + "?onglet=signalements"
    response = close(service_page)
    assert response.status_code == 302
    assert response["Location"] == service_page


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/page",
        "http://evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "\\\\evil.example",
        "/\\evil.example",
    ],
)
def test_it_never_sends_to_another_site(close, target):
    response = close(target)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:coordination")


def test_it_keeps_https_once_on_https(close):
    response = close("http://testserver/espace/", secure=True)
    assert response["Location"] == reverse("backoffice:coordination")


def test_without_next_it_goes_to_the_coordination_page(close):
    assert close("")["Location"] == reverse("backoffice:coordination")
