"""ProConnect login against a real local OpenID Connect provider: real HTTP, real signatures, no mock."""

import pytest
import requests
from django.urls import reverse

from tests.factories import UserFactory
from tests.referrals.oidc_provider import LocalProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with LocalProvider(client_id="allervers-test", client_secret="secret-de-test") as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        yield running


def log_in_through(client, provider, email):
    provider.identity = {"sub": "agent-123", "email": email, "given_name": "Camille", "usual_name": "Fictive"}
    start = client.get(reverse("accounts:proconnect"))
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer + "/authorize")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    callback = at_provider.headers["Location"]
    assert callback.startswith("http://testserver" + reverse("accounts:proconnect-callback"))
    return client.get(callback.removeprefix("http://testserver"))


def test_an_existing_agent_logs_in_through_proconnect(client, provider):
    user = UserFactory(email="agente@example.org", first_name="", last_name="")
    response = log_in_through(client, provider, "Agente@Example.org")
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:home")
    assert client.get(reverse("backoffice:home")).status_code == 200
    user.refresh_from_db()
    assert user.first_name == "Camille"


def test_proconnect_login_still_asks_for_the_second_factor_before_a_hand_over(client, provider):
    UserFactory(email="agente@example.org")
    log_in_through(client, provider, "agente@example.org")
    response = client.get(reverse("referrals:inbox"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:mfa-setup"))


def test_an_unknown_identity_gets_no_account(client, provider):
    response = log_in_through(client, provider, "inconnue@example.org")
    assert response["Location"] == "/compte/connexion/"
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_a_token_signed_with_a_key_outside_the_jwks_is_refused(client, provider):
    UserFactory(email="agente@example.org")
    provider.sign_with_forged_key = True
    response = log_in_through(client, provider, "agente@example.org")
    assert response.status_code == 400  # SuspiciousOperation: "JWS token verification failed"
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_the_proconnect_option_is_hidden_when_not_configured(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get(reverse("accounts:proconnect")).status_code == 404
    assert "ProConnect" not in client.get(reverse("accounts:login")).content.decode()


def test_the_login_page_offers_proconnect_when_configured(client, provider):
    assert "S'identifier avec ProConnect" in client.get(reverse("accounts:login")).content.decode().replace(
        "&#x27;", "'"
    )
