import pytest
from django.test import override_settings

from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/api/v1/search/services?code_commune=01053",
    "/api/v1/structures",
    "/api/v1/communes?q=Bourg",
    "/api/v1/openapi.json",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_it_answers_an_anonymous_client_without_redirecting_to_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


def test_it_answers_an_anonymous_client_on_a_detail(client):
    service = ServiceFactory()
    assert client.get(f"/api/v1/services/{service.pk}").status_code == 200
    assert client.get(f"/api/v1/structures/{service.structure_id}").status_code == 200


@override_settings(ALLERVERS_API_RATE="2/h")
def test_it_answers_429_in_french_over_the_rate_limit(client):
    assert client.get("/api/v1/structures").status_code == 200
    assert client.get("/api/v1/communes?q=Bourg").status_code == 200
    response = client.get("/api/v1/structures")
    assert response.status_code == 429
    assert response.json() == {"detail": "Trop de requêtes : réessayez dans un moment."}


@override_settings(ALLERVERS_API_RATE="1/h")
def test_it_counts_requests_per_client_address(client):
    assert client.get("/api/v1/structures", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get("/api/v1/structures", REMOTE_ADDR="192.0.2.2").status_code == 200
    assert client.get("/api/v1/structures", REMOTE_ADDR="192.0.2.1").status_code == 429


@pytest.mark.parametrize("url", ["/api/v1/inconnue", "/api/v1/services/1/"])
def test_it_answers_an_unknown_route_with_a_french_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Adresse inconnue dans l'API")


def test_it_refuses_a_write_in_french_json(client):
    response = client.post("/api/v1/structures")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["detail"].startswith("Méthode non autorisée")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/search/services?q=%00",
        "/api/v1/search/services?code_commune=%00",
        "/api/v1/structures?code_commune=%00",
        "/api/v1/communes?q=ab%00",
    ],
)
def test_it_refuses_a_nul_character_before_it_reaches_the_database(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "n'a pas le format attendu" in response.json()["detail"]


@pytest.mark.parametrize("address", [None, "", "pas-une-adresse"])
def test_it_limits_a_request_without_a_client_address_instead_of_failing(client, address):
    # Behind a proxy (ALLERVERS_RATELIMIT_IP_META_KEY names its header) a request reaching the server directly has none.
    extra = {"HTTP_X_REAL_IP": address} if address is not None else {}
    with override_settings(ALLERVERS_API_RATE="1/h", ALLERVERS_RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP"):
        assert client.get("/api/v1/structures", **extra).status_code == 200
        response = client.get("/api/v1/structures", **extra)
    assert response.status_code == 429
    assert response.json() == {"detail": "Trop de requêtes : réessayez dans un moment."}


@pytest.mark.parametrize("address", [None, "pas-une-adresse"])
def test_a_limited_public_form_without_a_client_address_is_limited_not_a_500(client, address):
    extra = {"HTTP_X_REAL_IP": address} if address is not None else {}
    with override_settings(ALLERVERS_RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP"):
        response = client.post("/compte/mot-de-passe/oubli/", {"email": "personne@example.org"}, **extra)
    assert response.status_code in {200, 302, 429}
