import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# data·inclusion API v1's routes, then ours (communes, the export).
DOC_LISTS = [
    "frais",
    "modes-accueil",
    "modes-mobilisation",
    "personnes-mobilisatrices",
    "publics",
    "reseaux-porteurs",
    "thematiques",
    "types-services",
]
ROUTES = {
    "/api/v1/search/services",
    "/api/v1/services",
    "/api/v1/services/{id}",
    "/api/v1/services/{source}/{id}",
    "/api/v1/structures",
    "/api/v1/structures/{id}",
    "/api/v1/structures/{source}/{id}",
    "/api/v1/sources",
    *(f"/api/v1/doc/{name}" for name in DOC_LISTS),
    "/api/v1/communes",
    "/api/v1/export/datainclusion",
}


def schema(client):
    response = client.get(reverse("api-v1:openapi-json"))
    assert response.status_code == 200
    return response.json()


def test_it_publishes_a_valid_openapi_document_listing_every_route(client):
    document = schema(client)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "API Aller-vers"
    assert set(document["paths"]) == ROUTES


def test_it_describes_every_endpoint_and_parameter_in_french(client):
    for path, operations in schema(client)["paths"].items():
        operation = operations["get"]
        assert operation["summary"], path
        assert operation["description"], path
        for parameter in operation["parameters"]:
            assert parameter.get("description"), f"{path} {parameter['name']}"
        assert "400" in operation["responses"], path
        assert "429" in operation["responses"], path


def test_it_uses_data_inclusion_parameter_names_for_the_search(client):
    parameters = schema(client)["paths"]["/api/v1/search/services"]["get"]["parameters"]
    names = [parameter["name"] for parameter in parameters]
    assert names == [
        "sources",
        "code_commune",
        "lat",
        "lon",
        "thematiques",
        "frais",
        "modes_accueil",
        "publics",
        "recherche_public",
        "types",
        "score_qualite_minimum",
        "exclure_doublons",
        "q",
        "page",
        "size",
    ]


def test_the_base_template_can_link_the_documentation(client):
    assert reverse("api-v1:openapi-view") == "/api/v1/docs"
    assert client.get("/api/v1/docs").status_code == 200


def test_every_reference_of_the_document_resolves(client):
    document = schema(client)

    def references(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from references(value)
        elif isinstance(node, list):
            for value in node:
                yield from references(value)

    found = set(references(document))
    assert found
    for reference in found:
        assert reference.startswith("#/components/schemas/")
        assert reference.removeprefix("#/components/schemas/") in document["components"]["schemas"]
