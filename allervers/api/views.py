"""Public read API v1: search services around a commune, read a service or a structure, suggest communes."""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from ninja import P, PathEx, Query, Router
from ninja.responses import NinjaJSONEncoder

from allervers.api.errors import BadParameter, NotFound, error_response
from allervers.api.exports import public_distance, region_departments, serializer_for
from allervers.api.schemas import (
    MAX_ID,
    CommuneOut,
    CommuneParams,
    Error,
    SearchPage,
    SearchParams,
    ServiceOut,
    StructureListParams,
    StructureOut,
    StructurePage,
)
from allervers.directory.models import Service, Structure
from allervers.directory.places import commune_by_code
from allervers.directory.search import SearchQuery, search_services
from allervers.taxonomy import terms
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune
from allervers.territories.resolver import suggest_communes

RATE_LIMIT_GROUP = "api-v1"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"  # django-ninja's JSONRenderer
ERRORS: dict[int, Any] = {400: Error, 429: Error}

router = Router(tags=["Annuaire"])


def rate_limited(request: HttpRequest, exception: Exception) -> JsonResponse:
    return error_response("Trop de requêtes : réessayez dans un moment.", 429)


def rate_limit(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Per client IP, at settings.ALLERVERS_API_RATE; read at each request so that tests can change it."""

    @wraps(view)
    def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rate = settings.ALLERVERS_API_RATE
        if is_ratelimited(request, group=RATE_LIMIT_GROUP, key="ip", rate=rate, increment=True):
            return rate_limited(request, Ratelimited())
        return view(request, *args, **kwargs)

    return limited


@router.get(
    "/search/services",
    response={200: SearchPage, **ERRORS},
    summary="Rechercher des services",
    description=(
        "Services et lignes d'écoute publiés dont la zone d'intervention couvre la commune : d'abord ceux qui "
        "accueillent sur place, du plus proche au plus éloigné, puis ceux qui interviennent à distance, dont les "
        "lignes d'écoute nationales (nature « helpline »). Pour une thématique urgente (violences, enfance en "
        "danger, maltraitance, cyberharcèlement), les lignes d'écoute viennent en premier, celles dont c'est la "
        "thématique principale d'abord. Les paramètres reprennent ceux de l'API data·inclusion. Tout code "
        "inconnu est refusé et cité."
    ),
)
def search(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    query = SearchQuery(
        commune=_current_commune(params.code_commune) if params.code_commune else None,
        thematiques=_codes("thematiques", params.thematiques, terms.thematiques()),
        publics=_codes("publics", params.publics, terms.publics()),
        modes_accueil=_codes("modes_accueil", params.modes_accueil, terms.modes_accueil()),
        frais=_codes("frais", params.frais, terms.frais()),
        q=params.q,
        page=params.page,
        size=params.size,
    )
    result = search_services(query)
    regions = region_departments(hit.service for hit in result.hits)
    serializer = serializer_for(request)
    items = [
        {
            "service": serializer.service(hit.service, regions),
            "distance": public_distance(hit.service, hit.distance_m),
        }
        for hit in result.hits
    ]
    # The most requested route: its payload is built from plain values in SearchPage's field order and rendered
    # as is, without django-ninja validating it again against the schema (a third of the request's time).
    # SearchPage stays the declared response, for the OpenAPI document; tests/api holds the contract.
    return json_response(
        {"total": result.total, "page": params.page, "size": params.size, "pages": result.pages, "items": items}
    )


class _JSONEncoder(NinjaJSONEncoder):
    """django-ninja's encoder, with a shortcut for the two dates of every listing (a page holds up to 100)."""

    def default(self, o: Any) -> Any:
        if type(o) is datetime.date:
            return o.isoformat()  # what DjangoJSONEncoder, at the end of NinjaJSONEncoder's tests, returns
        return super().default(o)


def json_response(payload: Any) -> HttpResponse:
    """What django-ninja's JSON renderer would send for this payload, skipping the response schema's validation."""
    return HttpResponse(json.dumps(payload, cls=_JSONEncoder), content_type=JSON_CONTENT_TYPE)


@router.get(
    "/services/{service_id}",
    response={200: ServiceOut, 404: Error, **ERRORS},
    summary="Lire un service",
    description="Un service ou une ligne d'écoute publié, avec ses canaux de contact.",
)
def service_detail(
    request: HttpRequest, service_id: PathEx[int, P(ge=1, le=MAX_ID, description="Identifiant du service.")]
) -> dict[str, Any]:
    service = Service.objects.visible().select_related("commune").filter(pk=service_id).first()
    if service is None:
        raise NotFound("Ce service n'existe pas ou n'est plus publié.")
    return serializer_for(request).service(service, region_departments([service]))


@router.get(
    "/structures",
    response={200: StructurePage, **ERRORS},
    summary="Lister les structures",
    description="Structures publiées, par ordre alphabétique, éventuellement celles d'une seule commune.",
)
def structure_list(request: HttpRequest, params: Query[StructureListParams]) -> dict[str, Any]:
    structures = Structure.objects.visible().select_related("commune").order_by("name", "pk")
    if params.code_commune:
        commune = _current_commune(params.code_commune)
        # A commune's delegated communes and a city's districts are in it.
        structures = structures.filter(Q(commune=commune) | Q(commune__parent=commune))
    total = structures.count()
    start = (params.page - 1) * params.size
    page = structures[start : start + params.size]
    serializer = serializer_for(request)
    return {
        "items": [serializer.structure(structure) for structure in page],
        "total": total,
        "page": params.page,
        "size": params.size,
        "pages": max(1, math.ceil(total / params.size)),
    }


@router.get(
    "/structures/{structure_id}",
    response={200: StructureOut, 404: Error, **ERRORS},
    summary="Lire une structure",
    description="Une structure publiée.",
)
def structure_detail(
    request: HttpRequest,
    structure_id: PathEx[int, P(ge=1, le=MAX_ID, description="Identifiant de la structure.")],
) -> dict[str, Any]:
    structure = Structure.objects.visible().select_related("commune").filter(pk=structure_id).first()
    if structure is None:
        raise NotFound("Cette structure n'existe pas ou n'est plus publiée.")
    return serializer_for(request).structure(structure)


@router.get(
    "/communes",
    response={200: list[CommuneOut], **ERRORS},
    summary="Proposer des communes",
    description=(
        "Autocomplétion : communes dont le nom ou le code postal commence par le texte saisi, les plus "
        "peuplées d'abord. Une ancienne commune (déléguée ou associée) donne le code de sa commune actuelle."
    ),
)
def communes(request: HttpRequest, params: Query[CommuneParams]) -> list[dict[str, Any]]:
    return [_export_commune(commune) for commune in suggest_communes(params.q, params.limit)]


def _current_commune(code: str) -> Commune:
    commune = commune_by_code(code)
    if commune is None:
        raise BadParameter(
            f"Commune inconnue : « {code} ». Indiquez le code INSEE d'une commune actuelle "
            "(l'autocomplétion /api/v1/communes le donne)."
        )
    return commune


def _codes(name: str, values: list[str], reference: dict[str, terms.Term]) -> list[str]:
    """Repeated and comma-separated values alike; every code must be in the reference list."""
    codes = list(dict.fromkeys(code.strip() for value in values for code in value.split(",") if code.strip()))
    unknown = [code for code in codes if code not in reference]
    if unknown:
        listed = ", ".join(f"« {code} »" for code in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise BadParameter(f"Code{plural} inconnu{plural} pour « {name} » : {listed}.")
    return codes


def _export_commune(commune: Commune) -> dict[str, Any]:
    # A delegated or associated commune stands for the commune it belongs to; a district stands for itself.
    is_of_today = commune.kind in (CommuneKind.COMMUNE, CommuneKind.MUNICIPAL_DISTRICT)
    current = commune if is_of_today else commune.current
    postal_codes = commune.postal_codes or current.postal_codes
    return {
        "code_commune": current.code,
        "nom": commune.name,
        "label": commune.label,
        "code_postal": postal_codes[0] if postal_codes else None,
        "departement": current.department_id,
    }


@router.get("/{path:rest}", include_in_schema=False)
def unknown_route(request: HttpRequest, rest: str) -> None:
    # Registered last: a client that mistypes a route gets JSON it can read, not an HTML page.
    raise NotFound("Adresse inconnue dans l'API : la liste des routes est sur /api/v1/docs.")
