"""Error pages (issue 12): French DSFR pages with the quick exit and the emergency numbers, that leak nothing.

The module is its own URLconf for the tests marked `urls`: the project's, plus two views that fail on purpose.
"""

import json

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django_ratelimit.exceptions import Ratelimited

from allervers.api.views import rate_limited as api_rate_limited
from allervers.portal import errors
from config.urls import handler400, handler403, handler404, handler500  # noqa: F401 (this module is a URLconf)
from config.urls import urlpatterns as project_urlpatterns
from tests.factories import ServiceFactory
from tests.portal.error_page_checks import error_page

pytestmark = pytest.mark.django_db

SECRET = "secret-detail-0xBADC0DE"


@login_not_required
def crashing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"{SECRET} at /srv/aller-vers/config/settings/base.py")


@login_not_required
def refusing_view(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET)


urlpatterns = [
    path("essai/panne/", crashing_view),
    path("essai/refus/", refusing_view),
    *project_urlpatterns,
]


def test_an_unknown_address_answers_the_french_404(client):
    html = error_page(client.get("/cette-page-n-existe-pas/"), 404)
    assert "Page non trouvée" in html
    assert "cette-page-n-existe-pas" not in html


def test_the_404_does_not_echo_what_an_attacker_put_in_the_address(client):
    html = error_page(client.get("/<script>alert(1)</script>/", {"q": "<img src=x onerror=alert(2)>"}), 404)
    assert "alert(" not in html and "onerror" not in html


def test_a_missing_service_answers_the_french_404(client):
    html = error_page(client.get(reverse("portal:service-short", args=[987_654])), 404)
    assert "Page non trouvée" in html
    assert "987654" not in html and "No Service matches" not in html


@pytest.mark.urls(__name__)
def test_a_refusal_answers_the_french_403_without_its_message(client):
    html = error_page(client.get("/essai/refus/"), 403)
    assert "Accès refusé" in html
    assert SECRET not in html


def test_a_professional_outside_the_coordination_gets_the_french_403(client):
    from tests.factories import member

    client.force_login(member(ServiceFactory().structure, role="admin"))
    html = error_page(client.get(reverse("backoffice:import")), 403)
    assert "Accès refusé" in html


def test_a_form_sent_without_its_csrf_token_answers_the_french_page(client):
    guarded = Client(enforce_csrf_checks=True)
    # The sign-in form keeps Django's cookie-based check (the public forms check the browser's headers instead).
    html = error_page(guarded.post(reverse("accounts:login"), {"username": "personne@example.org"}), 403)
    assert "Formulaire expiré" in html
    assert "CSRF" not in html  # neither Django's English reason nor its name


@pytest.mark.urls(__name__)
def test_a_crash_answers_the_french_500_without_the_exception(client):
    client.raise_request_exception = False
    html = error_page(client.get("/essai/panne/"), 500)
    assert "Erreur inattendue" in html
    assert SECRET not in html and "RuntimeError" not in html and "/srv/" not in html


def test_a_crash_under_the_api_answers_json():
    response = errors.server_error(RequestFactory().get("/api/v1/search/services"))
    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": "Erreur interne du serveur : l'équipe technique est prévenue."}


def test_an_unknown_host_answers_the_french_400(client):
    html = error_page(client.get("/", HTTP_HOST="evil.example"), 400)
    assert "Demande incorrecte" in html
    assert "evil.example" not in html


def test_a_rate_limited_form_answers_the_french_429(client):
    url = reverse("backoffice:join")
    statuses = [client.post(url, {"name": ""}, headers={"Sec-Fetch-Site": "same-origin"}).status_code for _ in range(5)]
    assert statuses == [200] * 5
    html = error_page(client.post(url, {"name": ""}, headers={"Sec-Fetch-Site": "same-origin"}), 429)
    assert "Trop de demandes" in html
    assert "Réessayez plus tard" in html


def test_a_rate_limit_refusal_under_the_api_keeps_the_api_json():
    request = RequestFactory().get("/api/v1/search/services")
    response = errors.rate_limited(request, Ratelimited())
    expected = api_rate_limited(request, Ratelimited())
    assert (response.status_code, response["Content-Type"], response.content) == (
        429,
        expected["Content-Type"],
        expected.content,
    )


def test_an_unknown_address_under_the_api_answers_json(client):
    response = client.get("/api/v2/services")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ressource introuvable."}
