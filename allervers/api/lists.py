"""The /services and /structures lists of API v1, filtered as data·inclusion's are.

Filters on columns and terms are SQL; two are tests run in Python on each candidate, as data·inclusion's own
definitions ask: the quality score (computed by its package's code, allervers/directory/quality.py) and the words
of `recherche_public`. With one of them, the candidates' columns are read once and the page cut from what passes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from allervers.api.duplicates import outranked
from allervers.api.errors import BadParameter
from allervers.api.filters import codes, current_commune, department, publics_match, publics_words, region, widened
from allervers.api.params import ServiceListParams, StructureListParams
from allervers.directory.enums import TermKind
from allervers.directory.models import Service, ServiceTerm, Structure
from allervers.directory.quality import service_score
from allervers.taxonomy import terms

MAX_SOURCE_LENGTH = 100
TOUS_PUBLICS = "tous-publics"
_CHUNK = 2000


def sources(values: list[str]) -> list[str]:
    """Source slugs, repeated or comma-separated; any is accepted (an unknown one finds nothing)."""
    found = list(dict.fromkeys(part.strip() for value in values for part in value.split(",") if part.strip()))
    if any(len(name) > MAX_SOURCE_LENGTH or "\x00" in name for name in found):
        raise BadParameter(
            f"« sources » : une source compte au plus {MAX_SOURCE_LENGTH} caractères, sans caractère nul."
        )
    return found


def service_test(minimum: float | None, words: list[str]) -> Callable[[Service], bool] | None:
    """The Python test of a service: its quality score at least `minimum`, its publics matching `words`."""
    if minimum is None and not words:
        return None

    def passes(service: Service) -> bool:
        if minimum is not None and service_score(service) < minimum:
            return False
        return publics_match(words, service.publics, service.publics_precisions)

    return passes


def _in_territory(queryset: QuerySet[Any], params: ServiceListParams | StructureListParams) -> QuerySet[Any]:
    if params.code_commune:
        commune = current_commune(params.code_commune)
        # A commune's delegated communes and a city's districts are in it.
        queryset = queryset.filter(Q(commune=commune) | Q(commune__parent=commune))
    code = department(params.code_departement, params.slug_departement)
    if code is not None:
        queryset = queryset.filter(commune__department_id=code)
    code = region(params.code_region, params.slug_region)
    if code is not None:
        queryset = queryset.filter(commune__region_code=code)
    return queryset


def _with_terms(queryset: QuerySet[Service], kind: str, values: list[str]) -> QuerySet[Service]:
    return queryset.filter(id__in=ServiceTerm.objects.matching(kind, values)) if values else queryset


def services(params: ServiceListParams) -> tuple[list[Service], int]:
    """The page's services and the number of matches."""
    found: QuerySet[Service] = Service.objects.visible().select_related("commune").order_by("pk")
    found = _in_territory(found, params)
    if names := sources(params.sources):
        found = found.filter(source__in=names)
    thematiques = widened(codes("thematiques", params.thematiques, terms.thematiques()), terms.thematiques())
    found = _with_terms(found, TermKind.THEMATIQUE, thematiques)
    publics = widened(codes("publics", params.publics, terms.publics()), terms.publics())
    if publics and TOUS_PUBLICS not in publics:
        publics.append(TOUS_PUBLICS)  # a service for everyone serves every public, as data·inclusion says
    found = _with_terms(found, TermKind.PUBLIC, publics)
    found = _with_terms(
        found, TermKind.MODE_ACCUEIL, codes("modes_accueil", params.modes_accueil, terms.modes_accueil())
    )
    if frais := codes("frais", params.frais, terms.frais()):
        found = found.filter(frais__in=frais)
    if types := codes("types", params.types, terms.types_de_services()):
        found = found.filter(service_type__in=types)
    test = service_test(params.score_qualite_minimum, publics_words(params.recherche_public))
    start = (params.page - 1) * params.size
    if test is None:
        return list(found[start : start + params.size]), found.count()
    passing = [service.pk for service in found.iterator(chunk_size=_CHUNK) if test(service)]
    window = passing[start : start + params.size]
    by_pk = found.in_bulk(window)
    return [by_pk[pk] for pk in window], len(passing)


def structures(params: StructureListParams) -> tuple[list[Structure], int]:
    found: QuerySet[Structure] = Structure.objects.visible().select_related("commune").order_by("name", "pk")
    found = _in_territory(found, params)
    if names := sources(params.sources):
        found = found.filter(source__in=names)
    if params.exclure_doublons:
        found = found.exclude(pk__in=outranked(keep_ties=False))
    start = (params.page - 1) * params.size
    networks = widened(
        codes("reseaux_porteurs", params.reseaux_porteurs, terms.reseaux_porteurs()), terms.reseaux_porteurs()
    )
    if not networks:
        return list(found[start : start + params.size]), found.count()
    # A list in a JSON column: tested in Python on both databases (SQLite has no JSON containment).
    wanted = set(networks)
    passing = [pk for pk, held in found.values_list("pk", "reseaux_porteurs") if wanted & set(held or [])]
    window = passing[start : start + params.size]
    by_pk = found.in_bulk(window)
    return [by_pk[pk] for pk in window], len(passing)
