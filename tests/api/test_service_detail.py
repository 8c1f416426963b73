import pytest

from allervers.directory.enums import ListingStatus
from tests.factories import ServiceFactory, StructureFactory

pytestmark = pytest.mark.django_db


def url(pk):
    return f"/api/v1/services/{pk}"


def test_it_returns_a_published_service(client):
    service = ServiceFactory(name="Permanence fictive", phone_pro="+33474999999")
    response = client.get(url(service.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == f"allervers--{service.pk}"
    assert body["nom"] == "Permanence fictive"
    assert "+33474999999" not in response.content.decode()


def test_it_returns_a_helpline_with_its_channels(client):
    helpline = ServiceFactory(
        helpline=True,
        name="Ligne fictive",
        channels=[{"kind": "sms", "value": "114"}],
        languages=["fr"],
    )
    body = client.get(url(helpline.pk)).json()
    assert body["nature"] == "helpline"
    assert body["ouvert_24h"] is True
    assert body["zone_eligibilite"] == ["france"]
    assert body["canaux"] == [{"nature": "sms", "valeur": "114", "libelle": ""}]


def test_it_hides_a_confidential_address(client):
    service = ServiceFactory(address="1 rue Fictive", address_confidential=True)
    body = client.get(url(service.pk)).json()
    assert (body["adresse"], body["latitude"], body["longitude"]) == (None, None, None)
    assert "1 rue Fictive" not in str(body)


@pytest.mark.parametrize("status", [ListingStatus.DRAFT, ListingStatus.ARCHIVED, ListingStatus.SUSPENDED])
def test_it_answers_404_in_french_for_an_unpublished_service(client, status):
    service = ServiceFactory(status=status)
    response = client.get(url(service.pk))
    assert response.status_code == 404
    assert response.json() == {"detail": "Ce service n'existe pas ou n'est plus publié."}


def test_it_answers_404_for_a_service_of_an_unpublished_structure(client):
    service = ServiceFactory(structure=StructureFactory(status=ListingStatus.DRAFT))
    assert client.get(url(service.pk)).status_code == 404


def test_it_answers_404_in_french_for_a_missing_service(client):
    response = client.get(url(999_999))
    assert response.status_code == 404
    assert response.json()["detail"] == "Ce service n'existe pas ou n'est plus publié."


@pytest.mark.parametrize("pk", ["abc", "0", "-1", "99999999999999999999999", "allervers--abc", "--1"])
def test_an_identifier_that_names_no_service_is_not_found(client, pk):
    # Identifiers are data·inclusion's texts (« source--id ») or our key: any other text names nothing.
    response = client.get(url(pk))
    assert response.status_code == 404
    assert response.json()["detail"] == "Ce service n'existe pas ou n'est plus publié."
