import pytest
from django.core.management import call_command

from allervers.api.models import PartnerToken
from tests.factories import ServiceFactory, commune

pytestmark = pytest.mark.django_db

URL = "/api/v1/export/datainclusion"


@pytest.fixture
def shelter():
    return ServiceFactory(
        name="Mise à l'abri fictive",
        address="3 rue Fictive",
        address_confidential=True,
        phone_pro="+33474999999",
        commune=commune("01283"),
    )


def names_and_private(response):
    data = response.json()
    service = next(s for s in data["services"] if s["nom"] == "Mise à l'abri fictive")
    return service, str(data)


def test_the_public_export_has_no_private_contact(client, shelter):
    service, text = names_and_private(client.get(URL))
    assert "3 rue Fictive" not in text and "+33474999999" not in text
    assert service["adresse"] is None


def test_a_partner_token_with_private_access_gets_them(client, shelter):
    _, raw = PartnerToken.issue(name="Partenaire fictif", include_private=True)
    _, text = names_and_private(client.get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}"))
    assert "3 rue Fictive" in text and "+33474999999" in text


def test_a_token_without_private_access_gets_the_public_export(client, shelter):
    _, raw = PartnerToken.issue(name="Partenaire fictif", include_private=False)
    _, text = names_and_private(client.get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}"))
    assert "+33474999999" not in text


def test_a_wrong_or_revoked_token_is_a_401_in_french(client, shelter):
    token, raw = PartnerToken.issue(name="Partenaire fictif", include_private=True)
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer faux").status_code == 401
    token.revoke()
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401 and response.json()["detail"] == "Jeton d'accès invalide ou révoqué."


def test_only_a_hash_of_the_token_is_stored(capsys):
    call_command("api-token", create="Partenaire fictif", private=True)
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    token = PartnerToken.objects.get()
    assert raw not in (token.key_hash, token.prefix) and PartnerToken.authenticate(raw) == token
