import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/communes"


def test_it_suggests_communes_with_the_fields_the_portal_uses(client):
    response = client.get(URL, {"q": "Bourg-en-Br"})
    assert response.status_code == 200
    first = response.json()[0]
    assert first == {
        "code_commune": "01053",
        "nom": "Bourg-en-Bresse",
        "label": "Bourg-en-Bresse (01000)",
        "code_postal": "01000",
        "departement": "01",
    }


def test_it_gives_the_code_of_today_for_a_delegated_commune(client):
    # Hauteville-Lompnes is a delegated commune of Plateau d'Hauteville (01185) since 2019.
    suggestions = client.get(URL, {"q": "Hauteville-Lompnes"}).json()
    delegated = next(item for item in suggestions if item["nom"] == "Hauteville-Lompnes")
    assert delegated["code_commune"] == "01185"
    assert "Plateau d'Hauteville" in delegated["label"]


def test_it_suggests_by_postal_code(client):
    suggestions = client.get(URL, {"q": "01000"}).json()
    assert "01053" in [item["code_commune"] for item in suggestions]


def test_it_honours_the_limit(client):
    assert len(client.get(URL, {"q": "Saint", "limit": 3}).json()) == 3


def test_it_returns_an_empty_list_when_nothing_matches(client):
    response = client.get(URL, {"q": "zzzzzz"})
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "B"}, "« q » doit compter au moins 2 caractères."),
        ({}, "« q » est obligatoire."),
        ({"q": "Bourg", "limit": "0"}, "« limit » doit être au moins 1."),
        ({"q": "Bourg", "limit": "500"}, "« limit » doit être au plus 20."),
    ],
)
def test_it_refuses_a_bad_parameter_in_french(client, params, expected):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert expected in response.json()["detail"]
