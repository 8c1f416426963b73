"""The OpenAPI document of the HSDS API: the specification's own (schema/openapi.json, 3.0 branch) made ours.

Kept from the specification: the paths, the operation identifiers, the parameters' names and places, the `Page`
schema and the response schemas, whose remote references to the compiled schemas become components built from
the shipped table schemas (with the same properties, nested by `$ref` instead of inlined). Ours: the title and
licence, French summaries and parameter descriptions with the bounds we enforce, the refusals (400, 404, 429 in
JSON) and the ndjson form of the lists. One deliberate difference: the specification's
`/service_at_locations/{id}` names the service schema, while its documentation and examples answer a service at
location; we declare (and answer) a service at location.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from allervers.directory.exports.hsds_schema import (
    TABLES,
    compiled_schema,
    openapi_document,
    referenced_table,
    table_schema,
)

PREFIX = "/api/hsds"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
MAX_PAGE = 10_000
NDJSON = "application/x-ndjson"
_OFFICIAL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
_KEPT = {"type", "properties", "items", "$ref", "required", "enum", "format", "description", "title"}
_REFERENCES = {
    "compiled/service.json": "service",
    "compiled/service_list.json": "service_list",
    "compiled/organization.json": "organization_full",
    "compiled/organization_list.json": "organization_list",
    "compiled/service_at_location_list.json": "service_at_location_list",
    "taxonomy.json": "taxonomy",
    "taxonomy_term.json": "taxonomy_term",
}
_LIST_HELP = "Un identifiant (UUID) tel que l'API les donne."
PARAMETERS: dict[str, dict[str, Any]] = {
    "search": {"type": "string", "maxLength": 200, "description": "Mots recherchés (tous doivent y être)."},
    "page": {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_PAGE,
        "description": "Numéro de la page, à partir de 1. Au-delà de la dernière, la page est vide.",
    },
    "per_page": {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_PER_PAGE,
        "description": f"Nombre de résultats par page, de 1 à {MAX_PER_PAGE} ({DEFAULT_PER_PAGE} par défaut).",
    },
    "format": {
        "type": "string",
        "enum": ["json", "ndjson"],
        "description": "« json » (par défaut) : une page ; « ndjson » : tous les résultats, un objet JSON par ligne.",
    },
    "minimal": {
        "type": "boolean",
        "description": "Seulement l'identifiant, le nom, le statut et la date de modification de chaque service.",
    },
    "full": {"type": "boolean", "description": "Chaque élément avec toutes ses données imbriquées."},
    "full_service": {"type": "boolean", "description": "Les services de l'organisation avec toutes leurs données."},
    "modified_after": {
        "type": "string",
        "format": "date-time",
        "description": "Seulement les services modifiés à cette date ou après (ISO 8601 ; une date seule vaut minuit, "
        "heure locale).",
    },
    "taxonomy_term_id": {
        "type": "string",
        "format": "uuid",
        "description": "Seulement les services qui portent ce terme (ou un terme qu'il englobe). " + _LIST_HELP,
    },
    "taxonomy_id": {
        "type": "string",
        "format": "uuid",
        "description": "Seulement les services qui portent au moins un terme de cette taxonomie. " + _LIST_HELP,
    },
    "organization_id": {
        "type": "string",
        "format": "uuid",
        "description": "Seulement les services de cette organisation. " + _LIST_HELP,
    },
    "postcode": {
        "type": "string",
        "maxLength": 5,
        "description": "Code postal : seulement les services dont la zone d'intervention couvre une de ses communes.",
    },
    "proximity": {
        "type": "string",
        "maxLength": 12,
        "description": "Distance en mètres (avec « postcode ») : seulement les lieux à cette distance au plus du "
        "centre des communes du code postal.",
    },
    "top_only": {"type": "boolean", "description": "Seulement les termes de premier niveau (sans parent)."},
    "parent_id": {"type": "string", "format": "uuid", "description": "Seulement les termes enfants de ce terme."},
}
_SUMMARIES = {
    "/": "Informations sur l'API et sa version de HSDS",
    "/services/{id}": "Lire un service avec toutes ses données",
    "/services": "Lister les services publiés",
    "/taxonomies/{id}": "Lire une taxonomie",
    "/taxonomies": "Lister les taxonomies",
    "/taxonomy_terms/{id}": "Lire un terme de taxonomie",
    "/taxonomy_terms": "Lister les termes de taxonomie",
    "/organizations/{id}": "Lire une organisation avec ses données et ses services",
    "/organizations": "Lister les organisations publiées",
    "/service_at_locations/{id}": "Lire un service en un lieu avec toutes ses données",
    "/service_at_locations": "Lister les services en un lieu",
}
_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "Message d'erreur en français, à montrer tel quel."}},
    "required": ["detail"],
}
_REFUSALS = {
    "400": "Paramètre inconnu ou invalide : le message dit lequel et pourquoi.",
    "429": "Trop de requêtes depuis cette adresse : réessayer dans un moment.",
}


def _cleaned(node: Any) -> Any:
    """A schema keeping only JSON Schema keywords, its references to sibling files turned into components."""
    if isinstance(node, list):
        return [_cleaned(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref":
            cleaned[key] = f"#/components/schemas/{referenced_table(value)}"
        elif key == "properties":
            cleaned[key] = {name: _cleaned(spec) for name, spec in value.items()}
        elif key in _KEPT:
            cleaned[key] = _cleaned(value)
    return cleaned


def _components() -> dict[str, Any]:
    schemas: dict[str, Any] = {name: _cleaned(table_schema(name)) for name in TABLES}
    for name in ("service_list", "service_at_location_list", "organization_list"):
        schemas[name] = _cleaned(compiled_schema(name))
    organization = copy.deepcopy(schemas["organization"])
    organization["properties"]["services"] = {"type": "array", "items": {"$ref": "#/components/schemas/service"}}
    schemas["organization_full"] = organization
    place = copy.deepcopy(schemas["service_at_location"])
    place["properties"]["service"] = {"$ref": "#/components/schemas/service"}
    schemas["service_at_location_full"] = place
    schemas["Page"] = copy.deepcopy(openapi_document()["components"]["schemas"]["Page"])
    schemas["Error"] = _ERROR
    return schemas


def _local(node: Any) -> Any:
    if isinstance(node, list):
        return [_local(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _local(value) for key, value in node.items()}
    reference = result.get("$ref", "")
    if reference.startswith(_OFFICIAL):
        result["$ref"] = f"#/components/schemas/{_REFERENCES[reference.removeprefix(_OFFICIAL)]}"
    return result


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _operation(path: str, operation: dict[str, Any]) -> dict[str, Any]:
    operation = _local(operation)
    operation["summary"] = _SUMMARIES[path]
    operation["parameters"] = [
        {"$ref": parameter["$ref"]} if "$ref" in parameter else _parameter(parameter["name"])
        for parameter in operation.get("parameters", [])
    ]
    responses = operation["responses"]
    if path == "/service_at_locations/{id}":
        responses["200"]["content"]["application/json"]["schema"] = {
            "$ref": "#/components/schemas/service_at_location_full"
        }
    listed = responses["200"]["content"]["application/json"]["schema"]
    if "allOf" in listed:
        responses["200"]["content"][NDJSON] = {"schema": {"type": "string"}}
    responses.update({status: _error(text) for status, text in _REFUSALS.items()})
    if "{id}" in path:
        responses["404"] = _error("Aucune donnée publiée ne porte cet identifiant.")
    return operation


def _parameter(name: str) -> dict[str, Any]:
    spec = PARAMETERS[name]
    schema = {key: value for key, value in spec.items() if key != "description"}
    return {"name": name, "in": "query", "required": False, "description": spec["description"], "schema": schema}


@cache
def _document() -> dict[str, Any]:
    official = openapi_document()
    paths: dict[str, Any] = {}
    for path, item in official["paths"].items():
        item = copy.deepcopy(item)
        for parameter in item.get("parameters", []):
            parameter["description"] = "Identifiant (UUID) tel que l'API le donne."
            parameter["schema"] = {"type": "string", "maxLength": 100}
        item["get"] = _operation(path, item["get"])
        paths[path] = item
    return {
        "openapi": official["openapi"],
        "jsonSchemaDialect": official["jsonSchemaDialect"],
        "info": {
            "title": "API HSDS 3.0 d'Aller-vers",
            "version": "1",
            "summary": "L'annuaire Aller-vers au format Open Referral HSDS 3.0.",
            "description": (
                "API publique en lecture de l'annuaire Aller-vers (structures et services d'aide aux victimes) "
                "selon la norme Human Services Data Specification 3.0 d'Open Referral : ses routes, ses "
                "paramètres et ses schémas. Seules les fiches publiées y figurent, sans contact réservé aux "
                "professionnels ni adresse confidentielle. Sans authentification, limitée en nombre de requêtes "
                'par adresse IP. Les refus sont en JSON {"detail": "message en français"} ; un paramètre '
                "inconnu est refusé."
            ),
            "license": {
                "name": "Licence Ouverte 2.0 (données) ; schémas HSDS : CC BY-SA 4.0",
                "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            },
        },
        "servers": [{"url": PREFIX}],
        "paths": paths,
        "components": {
            "schemas": _components(),
            "parameters": {name: _parameter(name) for name in official["components"]["parameters"]},
        },
    }


def hsds_openapi() -> dict[str, Any]:
    return copy.deepcopy(_document())


@cache
def accepted(path: str) -> tuple[str, ...]:
    """The query parameters the specification gives a path, in its order."""
    names = []
    for parameter in _document()["paths"][path]["get"]["parameters"]:
        if "$ref" in parameter:
            names.append(parameter["$ref"].rsplit("/", 1)[-1])
        elif parameter["in"] == "query":
            names.append(parameter["name"])
    return tuple(names)
