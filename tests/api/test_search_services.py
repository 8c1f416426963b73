import datetime

import pytest
from django.utils import timezone

from allervers.directory.enums import ListingStatus
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/services"
BOURG = "01053"
AMBERIEU = "01004"
OYONNAX = "01283"


def search(client, **params):
    params.setdefault("code_commune", BOURG)
    return client.get(URL, params)


def names(response):
    return [item["service"]["nom"] for item in response.json()["items"]]


def shifted(code, degrees):
    place = commune(code)
    return {"commune": place, "latitude": place.latitude + degrees, "longitude": place.longitude}


def test_it_returns_a_page_with_data_inclusion_fields_and_ours(client):
    service = ServiceFactory(
        name="Permanence fictive",
        phone="+33474000000",
        email="accueil@example.org",
        opening_hours="Mo-Fr 09:00-12:00",
        languages=["fr", "en"],
        channels=[{"kind": "phone", "value": "+33474000000", "label": "Accueil"}],
        zone_eligibilite=["01"],
        verified_at=datetime.datetime(2025, 3, 4, 10, tzinfo=datetime.UTC),
    )
    response = search(client)
    assert response.status_code == 200
    body = response.json()
    # data·inclusion's page: `size` counts the items of the page.
    assert {key: body[key] for key in ("total", "page", "size", "pages")} == {
        "total": 1,
        "page": 1,
        "size": 1,
        "pages": 1,
    }
    exported = body["items"][0]["service"]
    # data·inclusion's identifiers: « source--id », the id in the source being our key for a listing made here.
    assert exported["id"] == f"allervers--{service.pk}"
    assert exported["structure_id"] == f"allervers--{service.structure_id}"
    assert exported["structure"]["nom"] == service.structure.name
    assert exported["source"] == "allervers"
    assert exported["code_insee"] == BOURG
    assert exported["commune"] == "Bourg-en-Bresse"
    assert exported["telephone"] == "+33474000000"
    assert exported["courriel"] == "accueil@example.org"
    assert exported["horaires_accueil"] == "Mo-Fr 09:00-12:00"
    assert exported["modes_accueil"] == ["en-presentiel"]
    assert exported["frais"] == "gratuit"
    assert exported["zone_eligibilite"] == ["01"]
    assert exported["nature"] == "service"
    assert exported["canaux"] == [{"nature": "phone", "valeur": "+33474000000", "libelle": "Accueil"}]
    assert exported["langues"] == ["fr", "en"]
    assert exported["ouvert_24h"] is False
    assert exported["url"] == f"http://testserver/services/{service.pk}-{service.slug}/"
    assert exported["verifie_le"] == "2025-03-04"
    assert exported["date_maj"] == timezone.localdate().isoformat()


def test_it_exports_our_themes_as_data_inclusion_ones_and_keeps_ours_apart(client):
    ServiceFactory(thematiques=["aide-aux-victimes--violences-conjugales"], publics=["victimes"])
    exported = search(client).json()["items"][0]["service"]
    assert exported["thematiques"] == ["famille--surmonter-conflits-separation-violence"]
    assert exported["thematiques_detaillees"] == ["aide-aux-victimes--violences-conjugales"]
    assert exported["publics"] == ["personnes-en-situation-juridique-specifique"]
    assert exported["publics_detailles"] == ["victimes"]


def test_it_exports_a_region_as_its_departments(client):
    region = commune(BOURG).region_code
    ServiceFactory(zone_eligibilite=[f"R{region}"])
    zone = search(client).json()["items"][0]["service"]["zone_eligibilite"]
    assert "01" in zone
    assert "69" in zone
    assert not any(code.startswith("R") for code in zone)


def test_it_sorts_on_site_services_by_distance_then_remote_ones_without_distance(client):
    ServiceFactory(name="Loin", zone_eligibilite=["01"], **shifted(OYONNAX, 0))
    ServiceFactory(name="Près", zone_eligibilite=["01"], **shifted(BOURG, 0.01))
    ServiceFactory(name="À distance", remote=True)
    items = search(client).json()["items"]
    assert [item["service"]["nom"] for item in items] == ["Près", "Loin", "À distance"]
    # In kilometres, as data·inclusion's.
    near, far, remote = (item["distance"] for item in items)
    assert 0 < near < 2
    assert far > 30
    assert remote is None


def test_it_gives_no_distance_without_a_commune(client):
    ServiceFactory(name="Permanence")
    response = client.get(URL)
    assert response.status_code == 200
    assert [item["distance"] for item in response.json()["items"]] == [None]


def test_it_hides_a_confidential_address_its_point_and_its_distance(client):
    ServiceFactory(address="1 rue Fictive", address_complement="Bâtiment B", address_confidential=True)
    item = search(client).json()["items"][0]
    exported = item["service"]
    assert exported["adresse"] is None
    assert exported["complement_adresse"] is None
    assert exported["latitude"] is None
    assert exported["longitude"] is None
    assert exported["adresse_confidentielle"] is True
    assert item["distance"] is None


def test_it_shows_a_public_address(client):
    ServiceFactory(address="1 rue Fictive")
    exported = search(client).json()["items"][0]["service"]
    assert exported["adresse"] == "1 rue Fictive"
    assert exported["latitude"] is not None


def test_it_never_exports_professional_contacts(client):
    ServiceFactory(phone_pro="+33474999999", email_pro="pro@example.org")
    content = search(client).content.decode()
    assert "+33474999999" not in content
    assert "pro@example.org" not in content
    assert "phone_pro" not in content
    assert "email_pro" not in content


def test_it_leaves_out_unpublished_services_and_services_of_unpublished_structures(client):
    ServiceFactory(name="Publié")
    ServiceFactory(name="Brouillon", status=ListingStatus.DRAFT)
    ServiceFactory(name="Structure archivée", structure=StructureFactory(status=ListingStatus.ARCHIVED))
    assert names(search(client)) == ["Publié"]


def test_it_filters_on_repeated_and_comma_separated_codes(client):
    ServiceFactory(name="Conjugales", thematiques=["aide-aux-victimes--violences-conjugales"])
    ServiceFactory(name="Plainte", thematiques=["aide-aux-victimes--depot-de-plainte"])
    ServiceFactory(name="Psy", thematiques=["aide-aux-victimes--soutien-psychologique"])
    repeated = client.get(
        URL,
        {
            "code_commune": BOURG,
            "thematiques": ["aide-aux-victimes--violences-conjugales", "aide-aux-victimes--depot-de-plainte"],
        },
    )
    comma = search(client, thematiques="aide-aux-victimes--violences-conjugales,aide-aux-victimes--depot-de-plainte")
    assert sorted(names(repeated)) == ["Conjugales", "Plainte"]
    assert sorted(names(comma)) == ["Conjugales", "Plainte"]


def test_it_filters_on_publics_modes_frais_and_words(client):
    ServiceFactory(name="Gratuit sur place", publics=["femmes"], description="Groupe de parole")
    ServiceFactory(name="Payant", frais="payant", publics=["femmes"])
    ServiceFactory(name="À distance", remote=True, publics=["femmes"])
    assert names(search(client, publics="femmes", modes_accueil="en-presentiel", frais="gratuit")) == [
        "Gratuit sur place"
    ]
    assert names(search(client, q="parole")) == ["Gratuit sur place"]


def test_it_pages_the_results(client):
    for number in range(5):
        ServiceFactory(name=f"Service {number}", zone_eligibilite=["01"], **shifted(BOURG, 0.01 * number))
    body = search(client, page=2, size=2).json()
    assert [item["service"]["nom"] for item in body["items"]] == ["Service 2", "Service 3"]
    assert (body["total"], body["page"], body["size"], body["pages"]) == (5, 2, 2, 3)


def test_a_page_costs_the_same_queries_whatever_its_size(client, django_assert_max_num_queries):
    structure = StructureFactory()
    for number in range(30):
        ServiceFactory(
            structure=structure if number % 2 else StructureFactory(),
            zone_eligibilite=["01", "R84", commune(AMBERIEU).epci_id],
            thematiques=["aide-aux-victimes--violences-conjugales"],
            **shifted(BOURG, 0.001 * number),
        )
    params = {"thematiques": "aide-aux-victimes--violences-conjugales"}
    with django_assert_max_num_queries(5):
        small = search(client, size=2, **params)
    with django_assert_max_num_queries(5):
        large = search(client, size=30, **params)
    assert len(small.json()["items"]) == 2
    assert len(large.json()["items"]) == 30


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"code_commune": "99999"}, "Commune inconnue : « 99999 »"),
        ({"code_commune": "123456"}, "« code_commune » doit compter au plus 5 caractères."),
        ({"code_commune": "Bourg"}, "« code_commune » n'a pas le format attendu."),
        ({"page": "0"}, "« page » doit être au moins 1."),
        ({"page": "deux"}, "« page » doit être un nombre entier."),
        ({"page": "99999999999999999999999"}, "« page » doit être au plus 10000."),
        ({"size": "0"}, "« size » doit être au moins 1."),
        ({"size": "10001"}, "« size » doit être au plus 10000."),
        ({"size": "2.5"}, "« size » doit être un nombre entier."),
        ({"q": "x" * 201}, "« q » doit compter au plus 200 caractères."),
        ({"thematiques": "inconnue"}, "Code inconnu pour « thematiques » : « inconnue »."),
        (
            {"publics": "femmes,extraterrestres,martiens"},
            "Codes inconnus pour « publics » : « extraterrestres », « martiens ».",
        ),
        ({"modes_accueil": "par-pigeon"}, "Code inconnu pour « modes_accueil » : « par-pigeon »."),
        ({"frais": "hors-de-prix"}, "Code inconnu pour « frais » : « hors-de-prix »."),
    ],
)
def test_it_refuses_a_bad_parameter_with_a_french_message(client, params, expected):
    response = search(client, **params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert expected in response.json()["detail"]


def test_it_answers_an_anonymous_client_without_a_session(client):
    response = search(client)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_it_reports_every_bad_parameter_at_once(client):
    response = search(client, page="0", size="10001")
    detail = response.json()["detail"]
    assert "« page » doit être au moins 1." in detail
    assert "« size » doit être au plus 10000." in detail
