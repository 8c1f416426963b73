"""Public read API v1, data·inclusion API v1's routes: search services, list and read services and structures.

Our own routes stay beside them: /services/{id} and /structures/{id} with our key (the addresses documented
before the data·inclusion ones), the `q` of the search, the commune autocompletion. Lists are pages as
data·inclusion's (items, total, page, size, pages); their bodies are built from plain values and rendered as is,
the declared schemas documenting them (tests/api holds the contract, schemathesis checks every answer).
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from ninja import P, PathEx, Query, Router
from ninja.decorators import decorate_view
from ninja.responses import NinjaJSONEncoder

from allervers.api import lists
from allervers.api.datainclusion import Items
from allervers.api.duplicates import duplicates_of, outranked, structure_scores
from allervers.api.errors import BadParameter, NotFound, error_response
from allervers.api.exports import public_distance
from allervers.api.filters import codes, current_commune, publics_words, widened
from allervers.api.lookups import find_service, find_structure
from allervers.api.params import (
    SEARCH_RADIUS_M,
    CommuneParams,
    SearchParams,
    ServiceListParams,
    StructureListParams,
    accepting,
)
from allervers.api.schemas import (
    CommuneOut,
    DetailedService,
    DetailedStructure,
    Error,
    SearchPage,
    ServicePage,
    StructurePage,
)
from allervers.directory.models import Service
from allervers.directory.search import SearchQuery, search_services
from allervers.taxonomy import terms
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune
from allervers.territories.resolver import suggest_communes

RATE_LIMIT_GROUP = "api-v1"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"  # django-ninja's JSONRenderer
ERRORS: dict[int, Any] = {400: Error, 429: Error}
SourcePath = PathEx[str, P(description="Source de la fiche (« allervers » pour une fiche saisie ici).")]
LocalIdPath = PathEx[str, P(description="Identifiant de la fiche dans sa source (ou « source--identifiant »).")]
IdPath = PathEx[str, P(description="Identifiant data·inclusion « source--identifiant », ou notre clé (un nombre).")]
NOT_FOUND_SERVICE = "Ce service n'existe pas ou n'est plus publié."
NOT_FOUND_STRUCTURE = "Cette structure n'existe pas ou n'est plus publiée."

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


class _JSONEncoder(NinjaJSONEncoder):
    """django-ninja's encoder, with a shortcut for the two dates of every listing (a page holds thousands)."""

    def default(self, o: Any) -> Any:
        if type(o) is datetime.date:
            return o.isoformat()  # what DjangoJSONEncoder, at the end of NinjaJSONEncoder's tests, returns
        return super().default(o)


def json_response(payload: Any) -> HttpResponse:
    """What django-ninja's JSON renderer would send for this payload, skipping the response schema's validation."""
    return HttpResponse(json.dumps(payload, cls=_JSONEncoder), content_type=JSON_CONTENT_TYPE)


def page(items: list[Any], total: int, number: int, size: int) -> dict[str, Any]:
    """data·inclusion's page: `size` counts the page's items, `pages` the pages of the size asked for."""
    return {"items": items, "total": total, "page": number, "size": len(items), "pages": math.ceil(total / size)}


@router.get(
    "/search/services",
    response={200: SearchPage, **ERRORS},
    summary="Rechercher des services",
    description=(
        "Services et lignes d'écoute publiés, comme la recherche de data·inclusion : avec `code_commune`, ceux dont "
        "la zone d'intervention couvre la commune, d'abord ceux qui accueillent sur place (à 50 km au plus), du "
        "plus proche au plus éloigné, puis ceux qui interviennent à distance, dont les lignes d'écoute nationales "
        "(nature « helpline »). Pour une thématique urgente (violences, enfance en danger, maltraitance, "
        "cyberharcèlement), les lignes d'écoute viennent en premier, celles dont c'est la thématique principale "
        "d'abord. Tout code inconnu, tout paramètre inconnu est refusé et cité."
    ),
)
@decorate_view(accepting(SearchParams))
def search(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    if (params.lat is None) != (params.lon is None):
        raise BadParameter("« lat » et « lon » vont ensemble : donnez les deux, ou aucun.")
    if params.lat is not None and not params.code_commune:
        raise BadParameter(
            "« lat » et « lon » précisent le point de recherche dans une commune : donnez aussi « code_commune »."
        )
    commune = current_commune(params.code_commune) if params.code_commune else None
    query = SearchQuery(
        commune=commune,
        thematiques=widened(codes("thematiques", params.thematiques, terms.thematiques()), terms.thematiques()),
        publics=widened(codes("publics", params.publics, terms.publics()), terms.publics()),
        modes_accueil=codes("modes_accueil", params.modes_accueil, terms.modes_accueil()),
        frais=codes("frais", params.frais, terms.frais()),
        q=params.q,
        page=params.page,
        size=params.size,
        point=(params.lat, params.lon) if params.lat is not None and params.lon is not None else None,
        on_site_within_m=SEARCH_RADIUS_M if commune is not None else None,
        service_types=codes("types", params.types, terms.types_de_services()),
        sources=lists.sources(params.sources),
        excluded_structures=outranked(keep_ties=True) if params.exclure_doublons else [],
        keep=lists.service_test(params.score_qualite_minimum, publics_words(params.recherche_public)),
    )
    result = search_services(query)
    services = [hit.service for hit in result.hits]
    rows = Items(request).services(services, with_structure=True)
    items = [
        {"service": row, "distance": _km(public_distance(hit.service, hit.distance_m))}
        for hit, row in zip(result.hits, rows, strict=True)
    ]
    return json_response(page(items, result.total, params.page, params.size))


def _km(metres: int | None) -> int | None:
    return None if metres is None else round(metres / 1000)


@router.get(
    "/services",
    response={200: ServicePage, **ERRORS},
    summary="Lister les services",
    description=(
        "Tous les services publiés, par ordre d'identifiant, avec les filtres de data·inclusion. Un client peut "
        "demander les pages jusqu'à la page vide."
    ),
)
@decorate_view(accepting(ServiceListParams))
def service_list(request: HttpRequest, params: Query[ServiceListParams]) -> HttpResponse:
    found, total = lists.services(params)
    return json_response(page(Items(request).services(found, with_structure=False), total, params.page, params.size))


@router.get(
    "/services/{source}/{id}",
    response={200: DetailedService, 404: Error, **ERRORS},
    summary="Lire un service par sa source et son identifiant",
    description=(
        "Un service ou une ligne d'écoute publié, avec sa structure, par la `source` et l'identifiant que donnent "
        "ses résultats (« source--identifiant » ou l'identifiant seul)."
    ),
)
@decorate_view(accepting(None))
def service_by_source(request: HttpRequest, source: SourcePath, id: LocalIdPath) -> HttpResponse:
    return _service_answer(request, find_service(source, id))


@router.get(
    "/services/{id}",
    response={200: DetailedService, 404: Error, **ERRORS},
    summary="Lire un service",
    description=(
        "Un service ou une ligne d'écoute publié, avec sa structure : par son identifiant data·inclusion "
        "(« source--identifiant »), ou par notre clé (un nombre, l'adresse de nos versions précédentes)."
    ),
)
@decorate_view(accepting(None))
def service_detail(request: HttpRequest, id: IdPath) -> HttpResponse:
    return _service_answer(request, find_service(None, id))


def _service_answer(request: HttpRequest, service: Service | None) -> HttpResponse:
    if service is None:
        raise NotFound(NOT_FOUND_SERVICE)
    return json_response(Items(request).services([service], with_structure=True)[0])


@router.get(
    "/structures",
    response={200: StructurePage, **ERRORS},
    summary="Lister les structures",
    description=(
        "Structures publiées, par ordre alphabétique, avec les filtres de data·inclusion : sources, réseaux "
        "porteurs, territoire, doublons."
    ),
)
@decorate_view(accepting(StructureListParams))
def structure_list(request: HttpRequest, params: Query[StructureListParams]) -> HttpResponse:
    found, total = lists.structures(params)
    scores = structure_scores(structure.pk for structure in found)
    items = Items(request).listed_structures(found, scores, duplicates_of(found))
    return json_response(page(items, total, params.page, params.size))


@router.get(
    "/structures/{source}/{id}",
    response={200: DetailedStructure, 404: Error, **ERRORS},
    summary="Lire une structure par sa source et son identifiant",
    description="Une structure publiée, ses services publiés et ses doublons.",
)
@decorate_view(accepting(None))
def structure_by_source(request: HttpRequest, source: SourcePath, id: LocalIdPath) -> HttpResponse:
    return _structure_answer(request, find_structure(source, id))


@router.get(
    "/structures/{id}",
    response={200: DetailedStructure, 404: Error, **ERRORS},
    summary="Lire une structure",
    description=(
        "Une structure publiée, ses services publiés et ses doublons : par son identifiant data·inclusion "
        "(« source--identifiant »), ou par notre clé (un nombre)."
    ),
)
@decorate_view(accepting(None))
def structure_detail(request: HttpRequest, id: IdPath) -> HttpResponse:
    return _structure_answer(request, find_structure(None, id))


def _structure_answer(request: HttpRequest, structure: Any) -> HttpResponse:
    if structure is None:
        raise NotFound(NOT_FOUND_STRUCTURE)
    services = list(Service.objects.visible().filter(structure=structure).select_related("commune").order_by("pk"))
    score = structure_scores([structure.pk])[structure.pk]
    duplicates = duplicates_of([structure]).get(structure.pk, [])
    return json_response(Items(request).detailed_structure(structure, score, duplicates, services))


@router.get(
    "/communes",
    response={200: list[CommuneOut], **ERRORS},
    summary="Proposer des communes",
    description=(
        "Autocomplétion : communes dont le nom ou le code postal commence par le texte saisi, les plus "
        "peuplées d'abord. Une ancienne commune (déléguée ou associée) donne le code de sa commune actuelle."
    ),
)
@decorate_view(accepting(CommuneParams))
def communes(request: HttpRequest, params: Query[CommuneParams]) -> list[dict[str, Any]]:
    return [_export_commune(commune) for commune in suggest_communes(params.q, params.limit)]


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
