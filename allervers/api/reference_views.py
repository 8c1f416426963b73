"""data·inclusion API v1's reference routes: /sources and the lists under /doc/.

/doc/{list} answers data·inclusion's list as its official package gives it ({value, label, description}), then
the terms of our victim-support extension for that list, each saying which data·inclusion term it is published
as. /sources lists the sources of the published listings: ours (« allervers ») and those imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from data_inclusion.schema import v1 as di
from django.http import HttpRequest
from ninja import Router
from ninja.decorators import decorate_view

from allervers.api.errors import BAD_REQUEST
from allervers.api.params import accepting
from allervers.api.schemas import Error, FrameworkValue, SourceOut
from allervers.directory.models import DEFAULT_SOURCE, Service, Structure
from allervers.taxonomy import terms

router = Router(tags=["Référentiels"])
ERRORS: dict[int, Any] = {BAD_REQUEST: Error, 429: Error}
OUR_SOURCE = {
    "slug": DEFAULT_SOURCE,
    "nom": "Aller-vers",
    "description": "Fiches saisies et tenues à jour sur Aller-vers par les structures et la coordination.",
}


@router.get(
    "/sources",
    response={200: list[SourceOut], **ERRORS},
    summary="Lister les sources",
    description="Les sources des fiches publiées : « allervers » pour celles saisies ici, puis celles importées.",
)
@decorate_view(accepting(None))
def sources(request: HttpRequest) -> list[dict[str, Any]]:
    found = set(Structure.objects.visible().values_list("source", flat=True).distinct())
    found |= set(Service.objects.visible().values_list("source", flat=True).distinct())
    others = sorted(found - {DEFAULT_SOURCE})
    imported = [
        {"slug": slug, "nom": slug, "description": f"Fiches importées de la source « {slug} »."} for slug in others
    ]
    return [OUR_SOURCE, *imported]


def _values(enum: Any, extension: Callable[[], dict[str, terms.Term]] | None) -> list[dict[str, Any]]:
    values: list[dict[str, Any]] = list(enum.as_dict_list())
    if extension is None:
        return values
    for code, term in extension().items():
        if term.di_code == code:
            continue
        published = f"publié comme « {term.di_code} »" if term.di_code else "sans équivalent data·inclusion"
        description = f"Extension Aller-vers (aide aux victimes), {published}."
        values.append({"value": code, "label": term.label, "description": description})
    return values


_LISTS: list[tuple[str, Any, Callable[[], dict[str, terms.Term]] | None, str]] = [
    ("frais", di.Frais, None, "des frais"),
    ("modes-accueil", di.ModeAccueil, None, "des modes d'accueil"),
    ("modes-mobilisation", di.ModeMobilisation, None, "des modes de mobilisation"),
    ("personnes-mobilisatrices", di.PersonneMobilisatrice, None, "des personnes mobilisatrices"),
    ("publics", di.Public, terms.publics, "des publics"),
    ("reseaux-porteurs", di.ReseauPorteur, terms.reseaux_porteurs, "des réseaux porteurs"),
    ("thematiques", di.Thematique, terms.thematiques, "des thématiques"),
    ("types-services", di.TypeService, None, "des types de services"),
]


def _route(name: str, enum: Any, extension: Callable[[], dict[str, terms.Term]] | None, what: str) -> None:
    values = _values(enum, extension)
    suffix = ", puis les termes de notre extension aide aux victimes" if extension else ""

    @router.get(
        f"/doc/{name}",
        response={200: list[FrameworkValue], **ERRORS},
        summary=f"Référentiel {what}",
        description=f"Le référentiel {what} de data·inclusion v1{suffix}.",
        operation_id=f"doc_{name.replace('-', '_')}",
    )
    @decorate_view(accepting(None))
    def reference(request: HttpRequest) -> list[dict[str, Any]]:
        return values


for _name, _enum, _extension, _what in _LISTS:
    _route(_name, _enum, _extension, _what)
