"""The HSDS 3.0 API: the standard's routes and parameters, answers valid against the official schemas.

Every answer is checked with the specification's compiled schemas (or table schemas) with `additionalProperties:
false` everywhere, so that a field the standard does not name fails too.
"""

import json

import pytest
from django.utils import timezone

from allervers.directory.enums import ListingStatus
from allervers.directory.exports.hsds_ids import entity_id
from allervers.directory.exports.hsds_schema import openapi_document
from allervers.directory.exports.hsds_taxonomies import BY_KEY, term_id
from allervers.directory.models import Service
from tests.factories import ServiceFactory, StructureFactory, commune
from tests.hsds_validation import compiled_validator, errors, table_validator, validator

pytestmark = pytest.mark.django_db

SHELTER_STREET = "1 rue Fictive"
PRO_PHONE = "+33474999999"
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def hsds_listings():
    """Listings of every shape the API exports, over real communes of the Ain; a draft and private contacts."""
    association = StructureFactory(
        name="Association fictive d'aide aux victimes",
        siret="12345678900017",
        website="https://aide.example.org",
        phone="+33474000000",
        phone_pro=PRO_PHONE,
        email="accueil@example.org",
        opening_hours="Mo-Fr 09:00-12:00",
        reseaux_porteurs=["france-victimes"],
    )
    ServiceFactory(
        structure=association,
        name="Accueil des victimes de violences conjugales",
        thematiques=["aide-aux-victimes--violences-conjugales"],
        publics=["victimes"],
        languages=["fr", "en"],
        address="3 place Fictive",
        postal_code="01000",
        channels=[{"kind": "phone", "value": "+33474000000", "label": "Accueil"}],
        zone_eligibilite=["01"],
        phone_pro=PRO_PHONE,
    )
    ServiceFactory(structure=association, name="Permanence à Oyonnax", commune=commune("01283"), publics=["femmes"])
    ServiceFactory(structure=association, name="Écoute à distance", remote=True, service_type="information")
    ServiceFactory(helpline=True, name="Ligne d'écoute fictive", channels=[{"kind": "sms", "value": "114"}])
    shelter = StructureFactory(name="Lieu de mise à l'abri fictif", address=SHELTER_STREET, address_confidential=True)
    ServiceFactory(
        structure=shelter,
        name="Mise à l'abri",
        address=SHELTER_STREET,
        address_complement="Bât. B",
        address_confidential=True,
        thematiques=["aide-aux-victimes--mise-a-l-abri"],
    )
    ServiceFactory(structure=association, name="Brouillon caché", status=ListingStatus.DRAFT)
    return association


@pytest.fixture
def directory():
    return hsds_listings()


def get(client, path, **query):
    response = client.get(f"/api/hsds{path}", query)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


def ok(client, path, **query):
    response = get(client, path, **query)
    assert response.status_code == 200, response.json()
    return response.json()


def assert_page(page, item_check):
    assert set(page) == PAGE_KEYS
    page_schema = openapi_document()["components"]["schemas"]["Page"]
    assert errors(validator(page_schema), {k: v for k, v in page.items() if k != "contents"}) == []
    for item in page["contents"]:
        assert errors(item_check, item) == [], item.get("name", item.get("id"))
    assert page["size"] == len(page["contents"]) and page["empty"] == (not page["contents"])


def names(page):
    return [item.get("name") or item.get("service", {}).get("name") for item in page["contents"]]


def test_the_root_says_the_hsds_version_and_where_the_openapi_document_is(client):
    about = ok(client, "/")
    schema = openapi_document()["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert errors(validator(schema), about) == []
    assert about["version"] == "3.0" and about["openapi_url"].endswith("/api/hsds/openapi.json")
    assert client.get(about["openapi_url"]).status_code == 200


def test_services_are_pages_of_published_services_valid_against_the_service_list_schema(client, directory):
    page = ok(client, "/services")
    assert_page(page, compiled_validator("service_list"))
    assert page["total_items"] == 5 and "Brouillon caché" not in names(page)
    first = page["contents"][0]
    assert first["organization"]["name"] == "Association fictive d'aide aux victimes"


def test_full_services_and_minimal_ones_validate_too(client, directory):
    assert_page(ok(client, "/services", full="true"), compiled_validator("service"))
    minimal = ok(client, "/services", minimal="true")
    assert_page(minimal, compiled_validator("service_list"))
    assert set(minimal["contents"][0]) == {"id", "name", "status", "last_modified"}


def test_a_service_holds_its_places_phones_hours_areas_and_terms(client, directory):
    service = Service.objects.get(name="Accueil des victimes de violences conjugales")
    found = ok(client, f"/services/{entity_id('service', service.pk)}")
    assert errors(compiled_validator("service"), found) == []
    assert found["service_at_locations"][0]["location"]["addresses"][0]["address_1"] == "3 place Fictive"
    assert {phone["number"] for phone in found["phones"]} == {"+33474000000"}
    assert {language["code"] for language in found["languages"]} == {"fr", "en"}
    assert found["service_areas"][0]["name"] == "Ain"
    codes = {attribute["taxonomy_term"]["code"] for attribute in found["attributes"]}
    assert {"aide-aux-victimes--violences-conjugales", "victimes", "gratuit"} <= codes


def test_pages_follow_each_other_until_an_empty_one(client, directory):
    seen, number = [], 1
    while True:
        page = ok(client, "/services", page=number, per_page=2)
        assert page["page_number"] == number and page["total_pages"] == 3
        assert page["first_page"] == (number == 1)
        if page["empty"]:
            break
        assert page["last_page"] == (number == 3)
        seen += [item["id"] for item in page["contents"]]
        number += 1
    assert number == 4 and len(seen) == len(set(seen)) == 5


def test_ndjson_gives_every_result_one_object_a_line(client, directory):
    response = client.get("/api/hsds/services", {"format": "ndjson"})
    assert response.status_code == 200 and response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    check = compiled_validator("service_list")
    assert len(lines) == 5 and all(errors(check, json.loads(line)) == [] for line in lines)


def test_organizations_list_read_and_nest_their_services(client, directory):
    page = ok(client, "/organizations")
    assert_page(page, compiled_validator("organization_list"))
    assert page["total_items"] == 3  # the helpline's own structure too
    assert {"Association fictive d'aide aux victimes", "Lieu de mise à l'abri fictif"} <= set(names(page))
    assert_page(ok(client, "/organizations", full="true"), compiled_validator("organization"))
    found = ok(client, f"/organizations/{entity_id('organization', directory.pk)}", full_service="true")
    assert errors(compiled_validator("organization"), found) == []
    assert len(found["services"]) == 3 and all("phones" in service for service in found["services"])
    identifiers = found["organization_identifiers"]
    assert [(item["identifier_type"], item["identifier"]) for item in identifiers] == [("SIRET", "12345678900017")]


def test_services_at_locations_are_the_services_with_a_place(client, directory):
    page = ok(client, "/service_at_locations")
    assert_page(page, compiled_validator("service_at_location_list"))
    assert sorted(names(page)) == [
        "Accueil des victimes de violences conjugales",
        "Mise à l'abri",
        "Permanence à Oyonnax",
    ]
    full = ok(client, "/service_at_locations", full="true")
    assert_page(full, compiled_validator("service_at_location"))
    found = ok(client, f"/service_at_locations/{page['contents'][0]['id']}")
    assert errors(compiled_validator("service_at_location"), found) == []
    assert found["location"]["id"] == found["location_id"] and found["service"]["id"] == found["service_id"]


def test_taxonomies_and_terms_validate_against_their_table_schemas(client):
    taxonomies = ok(client, "/taxonomies")
    assert_page(taxonomies, table_validator("taxonomy"))
    assert "Thématiques" in names(taxonomies)
    thematiques = BY_KEY["thematiques"]
    assert errors(table_validator("taxonomy"), ok(client, f"/taxonomies/{thematiques.id}")) == []
    terms = ok(client, "/taxonomy_terms", taxonomy_id=thematiques.id, per_page=100)
    assert_page(terms, table_validator("taxonomy_term"))
    assert terms["total_items"] == len(thematiques.reference())
    term = ok(client, f"/taxonomy_terms/{term_id('thematiques', 'aide-aux-victimes--violences-conjugales')}")
    assert errors(table_validator("taxonomy_term"), term) == []
    assert term["taxonomy_detail"]["name"] == "Thématiques"


def test_term_filters_top_only_parent_and_search(client):
    parent = term_id("thematiques", "aide-aux-victimes")
    children = ok(client, "/taxonomy_terms", parent_id=parent, per_page=100)["contents"]
    assert children and all(term["parent_id"] == parent for term in children)
    tops = ok(client, "/taxonomy_terms", top_only="true", per_page=100)["contents"]
    assert tops and all("parent_id" not in term for term in tops)
    found = ok(client, "/taxonomy_terms", search="violences conjugales")["contents"]
    assert "aide-aux-victimes--violences-conjugales" in {term["code"] for term in found}


def test_service_filters_add_up(client, directory):
    conjugales = term_id("thematiques", "aide-aux-victimes--violences-conjugales")
    assert names(ok(client, "/services", taxonomy_term_id=conjugales)) == [
        "Accueil des victimes de violences conjugales"
    ]
    category = term_id("thematiques", "aide-aux-victimes")
    assert len(ok(client, "/services", taxonomy_term_id=category)["contents"]) == 5
    organization = entity_id("organization", directory.pk)
    both = ok(client, "/services", organization_id=organization, taxonomy_id=BY_KEY["types-services"].id)
    assert names(both) == ["Écoute à distance"]
    assert names(ok(client, "/services", search="oyonnax")) == ["Permanence à Oyonnax"]
    later = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    assert ok(client, "/services", modified_after=later)["total_items"] == 0
    assert ok(client, "/services", modified_after="2000-01-01")["total_items"] == 5


def test_places_are_found_by_postcode_and_proximity(client, directory):
    in_bourg = ok(client, "/service_at_locations", postcode="01000")
    assert "Accueil des victimes de violences conjugales" in names(in_bourg)  # its zone is the department
    near = ok(client, "/service_at_locations", postcode="01100", proximity="5000")  # Oyonnax
    assert names(near) == ["Permanence à Oyonnax"]


def test_nothing_private_nor_unpublished_leaves(client, directory):
    draft = Service.objects.get(name="Brouillon caché")
    assert get(client, f"/services/{entity_id('service', draft.pk)}").status_code == 404
    bodies = [
        get(client, path, **query).content.decode()
        for path, query in [
            ("/services", {"full": "true"}),
            ("/organizations", {"full_service": "true"}),
            ("/service_at_locations", {"full": "true"}),
        ]
    ]
    for body in bodies:
        assert SHELTER_STREET not in body and "Bât. B" not in body and PRO_PHONE not in body
        assert "Brouillon caché" not in body
    shelter = Service.objects.get(name="Mise à l'abri")
    found = ok(client, f"/service_at_locations/{entity_id('service_at_location', shelter.pk)}")
    assert found["location"]["addresses"] == [] and "latitude" not in found["location"]


@pytest.mark.parametrize(
    "path,query,words",
    [
        ("/services", {"colour": "blue"}, "Paramètre inconnu : « colour »"),
        ("/services", {"page": "0"}, "« page » doit être compris entre 1 et"),
        ("/services", {"per_page": "abc"}, "« per_page » doit être un nombre entier"),
        ("/services", {"full": "peut-être"}, "« full » doit valoir « true » ou « false »"),
        ("/services", {"minimal": "true", "full": "true"}, "s'excluent"),
        ("/services", {"format": "xml"}, "« format » doit valoir"),
        ("/services", {"organization_id": "42"}, "n'est pas l'identifiant d'une organisation"),
        ("/services", {"taxonomy_term_id": "00000000-0000-0000-0000-000000000000"}, "aucun terme"),
        ("/services", {"taxonomy_id": BY_KEY["champs-aller-vers"].id}, "nomment des champs"),
        ("/services", {"modified_after": "hier"}, "n'est pas une date ISO 8601"),
        ("/services", {"search": "a\x00b"}, "caractère non accepté"),
        ("/service_at_locations", {"proximity": "1000"}, "se donne avec « postcode »"),
        ("/service_at_locations", {"postcode": "99999"}, "Code postal inconnu"),
        ("/service_at_locations", {"postcode": "01000", "proximity": "-3"}, "distance en mètres"),
        ("/taxonomy_terms", {"parent_id": "nope"}, "aucun terme"),
        ("/organizations/whatever", {"full": "true"}, "Paramètre inconnu"),
    ],
)
def test_wrong_parameters_are_refused_in_french_json(client, path, query, words):
    response = get(client, path, **query)
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_unknown_identifiers_and_routes_are_json_404s(client, directory):
    for path in ["/services/nope", f"/services/{entity_id('organization', directory.pk)}", "/taxonomies/x", "/nope"]:
        response = get(client, path)
        assert response.status_code == 404 and response.json()["detail"]


def test_it_refuses_writes_in_french_json(client):
    response = client.post("/api/hsds/services")
    assert response.status_code == 405 and "lecture" in response.json()["detail"]


def test_the_openapi_document_is_the_standards_with_local_references(client):
    document = ok(client, "/openapi.json")
    official = openapi_document()
    assert set(document["paths"]) == set(official["paths"])
    for path, item in official["paths"].items():
        assert document["paths"][path]["get"]["operationId"] == item["get"]["operationId"]
    text = json.dumps(document)
    assert "raw.githubusercontent.com" not in text
    for reference in {part.split('"')[0] for part in text.split('"$ref": "')[1:]}:
        section, name = reference.removeprefix("#/components/").split("/")
        assert name in document["components"][section], reference
    assert client.get("/api/hsds/docs").status_code == 200
