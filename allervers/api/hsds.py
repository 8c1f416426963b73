"""The HSDS 3.0 API (Open Referral), mounted at /api/hsds/ by config/urls.py: the standard's paths and parameters.

Public data only: published listings, as the public exports give them (no professional-only contact, a
confidential address as its commune only). Lists are pages as the standard's `Page` schema says
(total_items, total_pages, page_number, size, first_page, last_page, empty, contents), or with `format=ndjson`
every result, one JSON object per line. The OpenAPI document served at /api/hsds/openapi.json is the
specification's (allervers/api/hsds_openapi.py); every refusal is a JSON {"detail": "..."} in French.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import Router
from ninja.openapi.schema import OpenAPISchema

from allervers.api import hsds_queries as queries
from allervers.api.errors import BadParameter, NotFound, install_handlers
from allervers.api.exports import serializer_for
from allervers.api.hsds_openapi import NDJSON, accepted, hsds_openapi
from allervers.api.hsds_params import Params
from allervers.api.urls import PublicAPI
from allervers.api.views import rate_limit
from allervers.directory.exports.hsds_ids import entity_pk
from allervers.directory.exports.hsds_nesting import Nesting
from allervers.directory.exports.hsds_records import Records, Row
from allervers.directory.exports.hsds_schema import HSDS_VERSION
from allervers.directory.exports.hsds_taxonomies import find_taxonomy, find_term, taxonomy_rows, term_id, term_rows
from allervers.directory.models import Service, Structure
from allervers.network.exports import add_stop_schedules

PROFILE = "https://docs.openreferral.org/en/3.0/"
JSON_TYPE = "application/json; charset=utf-8"
NDJSON_BATCH = 200
Render = Callable[[HttpRequest, list[Any]], list[dict[str, Any]]]


class InMemory:
    """A list paged like a queryset."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def count(self) -> int:
        return len(self.items)

    def __getitem__(self, window: slice) -> Sequence[Any]:
        return self.items[window]


Pageable = QuerySet[Any] | InMemory


class HsdsAPI(PublicAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        return cast(OpenAPISchema, hsds_openapi())


router = Router(tags=["HSDS 3.0"])


def _json(payload: Any, status: int = 200) -> HttpResponse:
    text = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(text, content_type=JSON_TYPE, status=status)


def _page(request: HttpRequest, params: Params, found: Pageable, render: Render) -> HttpResponseBase:
    ndjson, page, per_page = params.ndjson(), params.page(), params.per_page()
    if ndjson:
        return StreamingHttpResponse(_lines(request, found, render), content_type=NDJSON)
    total = found.count()
    start = (page - 1) * per_page
    contents = render(request, list(found[start : start + per_page])) if start < total else []
    total_pages = max(1, math.ceil(total / per_page))
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _lines(request: HttpRequest, found: Pageable, render: Render) -> Iterator[str]:
    total = found.count()
    for start in range(0, total, NDJSON_BATCH):
        for item in render(request, list(found[start : start + NDJSON_BATCH])):
            yield json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"


def _records(request: HttpRequest, structures: Iterable[Structure], services: Iterable[Service], full: bool) -> Records:
    records = add_stop_schedules(Records(links=serializer_for(request)).add(structures, services))
    return records.add_taxonomies() if full else records


def _structures_of(services: list[Service]) -> list[Structure]:
    return list({service.structure_id: service.structure for service in services}.values())


# Routes ---------------------------------------------------------------------------------------------------------
@router.get("/")
def about(request: HttpRequest) -> HttpResponse:
    Params(request, ())
    openapi = request.build_absolute_uri(reverse("api-hsds:openapi-json"))
    return _json({"version": HSDS_VERSION, "profile": PROFILE, "openapi_url": openapi})


@router.get("/services")
def service_list(request: HttpRequest) -> HttpResponseBase:
    params = Params(request, accepted("/services"))
    minimal, full = params.boolean("minimal"), params.boolean("full")
    if minimal and full:
        raise BadParameter("« minimal » et « full » s'excluent : demandez l'un ou l'autre.")

    def render(request: HttpRequest, services: list[Service]) -> list[dict[str, Any]]:
        records = _records(request, _structures_of(services), services, full)
        nesting = Nesting(records)
        form = nesting.service if full else nesting.service_minimal if minimal else nesting.service_item
        return [form(row) for row in records.tables["service"]]

    return _page(request, params, queries.filtered_services(params), render)


@router.get("/services/{id}")
def service_detail(request: HttpRequest, id: str) -> HttpResponse:
    Params(request, accepted("/services/{id}"))
    pk = entity_pk("service", id)
    service = queries.services().filter(pk=pk).first() if pk else None
    if service is None:
        raise NotFound("Ce service n'existe pas ou n'est plus publié.")
    records = _records(request, [service.structure], [service], True)
    return _json(Nesting(records).service(records.tables["service"][0]))


@router.get("/organizations")
def organization_list(request: HttpRequest) -> HttpResponseBase:
    params = Params(request, accepted("/organizations"))
    full, full_service = params.boolean("full"), params.boolean("full_service")

    def render(request: HttpRequest, structures: list[Structure]) -> list[dict[str, Any]]:
        if not (full or full_service):
            records = Records(links=serializer_for(request)).add(structures, [])
            return [Nesting(records).flat("organization", row) for row in records.tables["organization"]]
        return _organizations(request, structures, full_service)

    return _page(request, params, queries.searched_structures(params), render)


@router.get("/organizations/{id}")
def organization_detail(request: HttpRequest, id: str) -> HttpResponse:
    params = Params(request, accepted("/organizations/{id}"))
    full_service = params.boolean("full_service")
    pk = entity_pk("organization", id)
    structure = queries.structures().filter(pk=pk).first() if pk else None
    if structure is None:
        raise NotFound("Cette organisation n'existe pas ou n'est plus publiée.")
    return _json(_organizations(request, [structure], full_service)[0])


def _organizations(request: HttpRequest, structures: list[Structure], full_service: bool) -> list[dict[str, Any]]:
    services = list(queries.services().filter(structure__in=[structure.pk for structure in structures]))
    records = _records(request, structures, services, True)
    nesting = Nesting(records)
    form = nesting.service if full_service else nesting.service_item
    by_organization: dict[str, list[dict[str, Any]]] = {}
    for row in records.tables["service"]:
        by_organization.setdefault(row["organization_id"], []).append(form(row))
    return [nesting.organization(row, by_organization.get(row["id"], [])) for row in records.tables["organization"]]


@router.get("/service_at_locations")
def service_at_location_list(request: HttpRequest) -> HttpResponseBase:
    params = Params(request, accepted("/service_at_locations"))
    full = params.boolean("full")

    def render(request: HttpRequest, services: list[Service]) -> list[dict[str, Any]]:
        records = _records(request, _structures_of(services), services, full)
        nesting = Nesting(records)
        form = nesting.service_at_location if full else nesting.service_at_location_item
        return [form(row) for row in records.tables["service_at_location"]]

    return _page(request, params, queries.places(params), render)


@router.get("/service_at_locations/{id}")
def service_at_location_detail(request: HttpRequest, id: str) -> HttpResponse:
    Params(request, accepted("/service_at_locations/{id}"))
    pk = entity_pk("service_at_location", id)
    service = queries.services().filter(pk=pk, commune__isnull=False).first() if pk else None
    if service is None:
        raise NotFound("Ce service en un lieu n'existe pas ou n'est plus publié.")
    records = _records(request, [service.structure], [service], True)
    return _json(Nesting(records).service_at_location(records.tables["service_at_location"][0]))


@router.get("/taxonomies")
def taxonomy_list(request: HttpRequest) -> HttpResponseBase:
    params = Params(request, accepted("/taxonomies"))
    search = params.text("search")
    rows = [row for row in taxonomy_rows() if queries.matches(f"{row['name']} {row['description']}", search)]
    return _page(request, params, InMemory(rows), _taxonomy_objects("taxonomy"))


@router.get("/taxonomies/{id}")
def taxonomy_detail(request: HttpRequest, id: str) -> HttpResponse:
    Params(request, accepted("/taxonomies/{id}"))
    taxonomy = find_taxonomy(id)
    if taxonomy is None:
        raise NotFound("Aucune taxonomie ne porte cet identifiant.")
    row = next(row for row in taxonomy_rows() if row["id"] == taxonomy.id)
    return _json(_taxonomy_objects("taxonomy")(request, [row])[0])


@router.get("/taxonomy_terms")
def taxonomy_term_list(request: HttpRequest) -> HttpResponseBase:
    params = Params(request, accepted("/taxonomy_terms"))
    search, taxonomy, top_only, parent = (
        params.text("search"),
        params.taxonomy(),
        params.boolean("top_only"),
        params.term("parent_id"),
    )
    parent_id = term_id(parent[0].key, parent[1]) if parent else None
    rows = [
        row
        for row in term_rows()
        if (taxonomy is None or row["taxonomy_id"] == taxonomy.id)
        and (not top_only or row["parent_id"] is None)
        and (parent_id is None or row["parent_id"] == parent_id)
        and queries.matches(f"{row['code']} {row['name']} {row['description']}", search)
    ]
    return _page(request, params, InMemory(rows), _taxonomy_objects("taxonomy_term"))


@router.get("/taxonomy_terms/{id}")
def taxonomy_term_detail(request: HttpRequest, id: str) -> HttpResponse:
    Params(request, accepted("/taxonomy_terms/{id}"))
    found = find_term(id)
    if found is None:
        raise NotFound("Aucun terme de taxonomie ne porte cet identifiant.")
    wanted = term_id(found[0].key, found[1])
    row = next(row for row in term_rows() if row["id"] == wanted)
    return _json(_taxonomy_objects("taxonomy_term")(request, [row])[0])


def _taxonomy_objects(table: str) -> Render:
    def render(request: HttpRequest, rows: list[Row]) -> list[dict[str, Any]]:
        nesting = Nesting(Records().add_taxonomies())
        return [nesting.nested(table, row) for row in rows]

    return render


@router.get("/{path:rest}", include_in_schema=False)
def unknown_route(request: HttpRequest, rest: str) -> None:
    # Registered last: a client that mistypes a route gets JSON it can read, not an HTML page.
    raise NotFound("Adresse inconnue dans l'API HSDS : la liste des routes est sur /api/hsds/docs.")


api = HsdsAPI(
    title="API HSDS 3.0 d'Aller-vers",
    version="1",
    urls_namespace="api-hsds",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs_decorator=rate_limit,
)
install_handlers(api)
api.add_decorator(rate_limit, mode="view")
api.add_router("", router)
