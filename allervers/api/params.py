"""The query parameters of API v1: data·inclusion v1's names and meanings, plus ours (`q`), refused in French.

Every route accepts only the parameters it declares: an unknown one answers 400 with the list of accepted ones,
so that a filter a client believes applied is never silently ignored (`accepting`). Pages are data·inclusion's:
5,000 results by default, 10,000 at most.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema

from allervers.api.errors import BAD_REQUEST, error_response

MAX_PAGE = 10_000
DEFAULT_SIZE = 5_000  # data·inclusion's DEFAULT_PAGE_SIZE
MAX_SIZE = 10_000  # and its MAX_PAGE_SIZE
MAX_ID = 2**63 - 1
# PostgreSQL refuses a NUL character in a string: refuse it here rather than fail there.
NO_NUL = r"^[^\x00]*$"
INSEE_CODE = r"^(\d{5}|2[ABab]\d{3})$"
SLUG = r"^[a-z0-9-]+$"
SEARCH_RADIUS_M = 50_000  # data·inclusion's: on-site services farther than this are left out

_LIST_HELP = "Répétez le paramètre ou séparez les codes par des virgules."


def _page() -> Any:
    return Field(1, ge=1, le=MAX_PAGE, description="Numéro de la page, à partir de 1.")


def _size() -> Any:
    return Field(
        DEFAULT_SIZE,
        ge=1,
        le=MAX_SIZE,
        description=f"Nombre de résultats par page, de 1 à {MAX_SIZE} ({DEFAULT_SIZE} par défaut, comme "
        "data·inclusion).",
    )


def _codes(description: str) -> Any:
    return Field(default_factory=list, description=f"{description} {_LIST_HELP}")


def _sources() -> Any:
    return Field(
        default_factory=list,
        description="Sources des fiches (« allervers » pour celles saisies ici, la liste est sur /sources) : "
        "seules leurs fiches sont renvoyées. Une source inconnue ne renvoie rien, comme chez data·inclusion. "
        + _LIST_HELP,
    )


def _thematiques() -> Any:
    return _codes(
        "Thématiques ou catégories (référentiel data·inclusion et extension aide aux victimes, listes sur "
        "/doc/thematiques) : chaque résultat en a au moins une. Un code data·inclusion trouve aussi les services "
        "de l'extension qui y sont traduits."
    )


def _publics() -> Any:
    return _codes(
        "Publics (/doc/publics) : chaque résultat en sert au moins un ; un service pour tous publics les sert tous."
    )


def _recherche_public() -> Any:
    return Field(
        None,
        max_length=200,
        pattern=NO_NUL,
        description="Mots cherchés dans les publics d'un service (leurs libellés) et ses précisions sur les publics : "
        "chaque mot doit y commencer un mot (sans accents ni majuscules).",
    )


def _score() -> Any:
    return Field(
        None,
        allow_inf_nan=False,
        description="Score de qualité minimal (de 0 à 1), calculé comme data·inclusion le calcule, avec les critères "
        "de son paquet officiel, sur le service tel que nous le publions : les résultats en ont un au moins égal.",
    )


def _code_commune(description: str) -> Any:
    return Field(None, max_length=5, pattern=INSEE_CODE, description=description)


class _Territory(Schema):
    code_region: str | None = Field(None, max_length=3, pattern=r"^\d{2,3}$", description="Code INSEE d'une région.")
    slug_region: str | None = Field(
        None,
        max_length=100,
        pattern=SLUG,
        description="Nom d'une région en minuscules et tirets (auvergne-rhone-alpes).",
    )
    code_departement: str | None = Field(
        None, max_length=3, pattern=r"^(\d{2,3}|2[ABab])$", description="Code INSEE d'un département."
    )
    slug_departement: str | None = Field(
        None, max_length=100, pattern=SLUG, description="Nom d'un département en minuscules et tirets (ain)."
    )


class SearchParams(Schema):
    sources: list[str] = _sources()
    code_commune: str | None = _code_commune(
        "Code INSEE d'une commune actuelle (ou d'un arrondissement de Paris, Lyon ou Marseille) : les services dont "
        "la zone d'intervention la couvre, ceux qu'on rencontre sur place seulement s'ils sont à 50 km au plus, "
        "triés du plus proche au plus éloigné, puis ceux qui interviennent à distance. Sans commune, la recherche "
        "porte sur tout le territoire et aucune distance n'est calculée."
    )
    lat: float | None = Field(
        None,
        ge=-90,
        le=90,
        allow_inf_nan=False,
        description="Latitude du point de recherche, avec `lon` et `code_commune` : les distances (et les 50 km) "
        "se mesurent depuis ce point plutôt que depuis la commune.",
    )
    lon: float | None = Field(
        None, ge=-180, le=180, allow_inf_nan=False, description="Longitude du point de recherche, avec `lat`."
    )
    thematiques: list[str] = _thematiques()
    frais: list[str] = _codes("Frais (gratuit, payant).")
    modes_accueil: list[str] = _codes("Modes d'accueil (en-presentiel, a-distance).")
    publics: list[str] = _publics()
    recherche_public: str | None = _recherche_public()
    types: list[str] = _codes("Types de services (/doc/types-services).")
    score_qualite_minimum: float | None = _score()
    exclure_doublons: bool = Field(
        False,
        description="Parmi les structures en doublon (même SIRET, sources différentes), ne garder que les services "
        "de la meilleure (score de qualité le plus haut, puis la plus récemment mise à jour), comme data·inclusion.",
    )
    q: str = Field(
        "",
        max_length=200,
        pattern=NO_NUL,
        description="Extension Aller-vers : mots recherchés dans le nom, la description, les thématiques et les "
        "publics, ou un numéro de téléphone (« 3919 », « 01 40 47 06 06 »). « tchat », « sms » ou « visio » "
        "trouvent les lignes joignables ainsi.",
    )
    page: int = _page()
    size: int = _size()


class ServiceListParams(_Territory):
    sources: list[str] = _sources()
    thematiques: list[str] = _thematiques()
    code_commune: str | None = _code_commune("Code INSEE de la commune des services (et de ses communes déléguées).")
    frais: list[str] = _codes("Frais (gratuit, payant).")
    publics: list[str] = _publics()
    recherche_public: str | None = _recherche_public()
    modes_accueil: list[str] = _codes("Modes d'accueil (en-presentiel, a-distance).")
    types: list[str] = _codes("Types de services (/doc/types-services).")
    score_qualite_minimum: float | None = _score()
    page: int = _page()
    size: int = _size()


class StructureListParams(_Territory):
    sources: list[str] = _sources()
    reseaux_porteurs: list[str] = _codes(
        "Réseaux porteurs (/doc/reseaux-porteurs, et ceux de notre extension) : chaque structure en a au moins un."
    )
    code_commune: str | None = _code_commune("Code INSEE de la commune des structures (et de ses communes déléguées).")
    exclure_doublons: bool = Field(
        False,
        description="Parmi les structures en doublon (même SIRET, sources différentes), ne garder que la meilleure "
        "(score de qualité le plus haut, puis la plus récemment mise à jour), comme data·inclusion.",
    )
    page: int = _page()
    size: int = _size()


class CommuneParams(Schema):
    q: str = Field(
        ...,
        min_length=2,
        max_length=100,
        pattern=NO_NUL,
        description="Début du nom ou du code postal, au moins 2 caractères.",
    )
    limit: int = Field(10, ge=1, le=20, description="Nombre maximal de communes proposées, de 1 à 20.")


def accepted_names(schema: type[Schema]) -> list[str]:
    return list(schema.model_fields)


def accepting(schema: type[Schema] | None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A route's guard, run before django-ninja reads the parameters: an unknown one is a 400 that lists the
    accepted ones (none for a route without parameters)."""
    names = accepted_names(schema) if schema is not None else []

    def decorator(run: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(run)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            unknown = [name for name in request.GET if name not in names]
            if unknown:
                return unknown_parameters(unknown, names)
            return run(request, *args, **kwargs)

        return checked

    return decorator


def unknown_parameters(unknown: list[str], names: list[str]) -> HttpResponse:
    listed = ", ".join(f"« {name} »" for name in unknown)
    allowed = ", ".join(names) if names else "aucun"
    plural = "s" if len(unknown) > 1 else ""
    return error_response(
        f"Paramètre{plural} inconnu{plural} : {listed}. Paramètres acceptés ici : {allowed}.", BAD_REQUEST
    )
