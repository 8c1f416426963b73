import pytest

from allervers.directory.enums import ListingStatus
from tests.factories import StructureFactory, commune

pytestmark = pytest.mark.django_db

URL = "/api/v1/structures"


def names(response):
    return [item["nom"] for item in response.json()["items"]]


def test_it_lists_published_structures_by_name(client):
    StructureFactory(name="Beta")
    StructureFactory(name="Alpha")
    StructureFactory(name="Brouillon", status=ListingStatus.DRAFT)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Alpha", "Beta"]
    assert response.json()["total"] == 2


def test_it_pages_the_list(client):
    for letter in "ABCDE":
        StructureFactory(name=f"Structure {letter}")
    body = client.get(URL, {"page": 3, "size": 2}).json()
    assert [item["nom"] for item in body["items"]] == ["Structure E"]
    # As data·inclusion's pages: `size` is the number of items of the page.
    assert (body["total"], body["page"], body["size"], body["pages"]) == (5, 3, 1, 3)


def test_it_filters_on_a_commune(client):
    StructureFactory(name="À Bourg", commune=commune("01053"))
    StructureFactory(name="À Oyonnax", commune=commune("01283"))
    assert names(client.get(URL, {"code_commune": "01283"})) == ["À Oyonnax"]


def test_it_lists_structures_in_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(15):
        StructureFactory()
    # The count, the page, and their services for the quality scores.
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"size": 15, "code_commune": "01053"})
    assert len(response.json()["items"]) == 15


def test_it_returns_a_structure_in_data_inclusion_fields(client):
    structure = StructureFactory(
        name="Association fictive",
        siret="12345678901234",
        website="https://example.org",
        reseaux_porteurs=["france-victimes"],
        email_pro="pro@example.org",
    )
    response = client.get(f"{URL}/{structure.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == f"allervers--{structure.pk}"
    assert body["nom"] == "Association fictive"
    assert body["siret"] == "12345678901234"
    assert body["site_web"] == "https://example.org"
    assert body["code_insee"] == "01053"
    assert body["reseaux_porteurs"] == ["points-justice"]
    assert body["reseaux_porteurs_detailles"] == ["france-victimes"]
    assert body["url"] == f"http://testserver/structures/{structure.pk}-{structure.slug}/"
    assert "pro@example.org" not in response.content.decode()


def test_it_hides_the_confidential_address_of_a_structure(client):
    structure = StructureFactory(address="1 rue Fictive", address_confidential=True)
    body = client.get(f"{URL}/{structure.pk}").json()
    assert (body["adresse"], body["latitude"], body["longitude"]) == (None, None, None)


def test_it_answers_404_in_french_for_an_unpublished_structure(client):
    structure = StructureFactory(status=ListingStatus.DRAFT)
    response = client.get(f"{URL}/{structure.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Cette structure n'existe pas ou n'est plus publiée."}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"code_commune": "00000"}, "Commune inconnue : « 00000 »"),
        ({"page": "0"}, "« page » doit être au moins 1."),
        ({"size": "10001"}, "« size » doit être au plus 10000."),
    ],
)
def test_it_refuses_a_bad_parameter_in_french(client, params, expected):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert expected in response.json()["detail"]
