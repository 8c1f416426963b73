"""What the parameters of API v1 stand for: reference codes checked and widened, territories, sources.

A data·inclusion code in a filter also finds what we publish as that code: our extension terms translate to
data·inclusion's on the way out (aide-aux-victimes--violences-conjugales is published as
famille--surmonter-conflits-separation-violence), so a client filtering on the latter must find them too.
"""

from __future__ import annotations

from functools import cache

from allervers.api.errors import BadParameter
from allervers.common.text import fold, search_tokens
from allervers.directory.places import commune_by_code
from allervers.taxonomy import terms
from allervers.territories.models import Commune, Department, Region


def codes(name: str, values: list[str], reference: dict[str, terms.Term]) -> list[str]:
    """Repeated and comma-separated values alike; every code must be in the reference list."""
    found = list(dict.fromkeys(code.strip() for value in values for code in value.split(",") if code.strip()))
    unknown = [code for code in found if code not in reference]
    if unknown:
        listed = ", ".join(f"« {code} »" for code in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise BadParameter(f"Code{plural} inconnu{plural} pour « {name} » : {listed}.")
    return found


def widened(found: list[str], reference: dict[str, terms.Term]) -> list[str]:
    """The codes asked for, then the extension terms published as one of them (a category: as one of its
    themes). The codes asked for come first: an urgent search ranks its lines by the first."""
    wider = dict.fromkeys(found)
    for code in found:
        for extension in _extensions(tuple(reference.items())).get(code, ()):
            wider.setdefault(extension, None)
    return list(wider)


@cache
def _extensions(items: tuple[tuple[str, terms.Term], ...]) -> dict[str, tuple[str, ...]]:
    """data·inclusion code (theme or category) -> the extension terms published as it. Extension categories
    (aide-aux-victimes) are left out: their themes are published under several data·inclusion categories."""
    found: dict[str, list[str]] = {}
    for code, term in items:
        if term.di_code in ("", code) or code == terms.VICTIMS:
            continue
        found.setdefault(term.di_code, []).append(code)
        if "--" in term.di_code:
            found.setdefault(term.di_code.split("--", 1)[0], []).append(code)
    return {code: tuple(extensions) for code, extensions in found.items()}


def current_commune(code: str) -> Commune:
    commune = commune_by_code(code)
    if commune is None:
        raise BadParameter(
            f"Commune inconnue : « {code} ». Indiquez le code INSEE d'une commune actuelle "
            "(l'autocomplétion /api/v1/communes le donne)."
        )
    return commune


def slug(name: str) -> str:
    """A territory's name as data·inclusion writes it in its slugs: « Côte-d'Or » is cote-d-or."""
    return "-".join(fold(name).split())


@cache
def _regions() -> dict[str, str]:
    return {slug(name): code for code, name in Region.objects.values_list("code", "name")}


@cache
def _departments() -> dict[str, str]:
    return {slug(name): code for code, name in Department.objects.values_list("code", "name")}


def region(code: str | None, name: str | None) -> str | None:
    """The region's code from its code or its slug; both given must agree."""
    return _territory("région", "code_region", "slug_region", code, name, _regions())


def department(code: str | None, name: str | None) -> str | None:
    return _territory(
        "département", "code_departement", "slug_departement", code and code.upper(), name, _departments()
    )


def _territory(
    what: str, code_name: str, slug_name: str, code: str | None, name: str | None, by_slug: dict[str, str]
) -> str | None:
    found = None
    if code is not None:
        if code not in by_slug.values():
            raise BadParameter(f"Code inconnu pour « {code_name} » : « {code} » (aucun {what} n'a ce code).")
        found = code
    if name is not None:
        if name not in by_slug:
            raise BadParameter(f"Nom inconnu pour « {slug_name} » : « {name} » (aucun {what} ne s'appelle ainsi).")
        if found is not None and by_slug[name] != found:
            raise BadParameter(f"« {code_name} » et « {slug_name} » se contredisent : donnez l'un ou l'autre.")
        found = by_slug[name]
    return found


def publics_words(text: str | None) -> list[str]:
    """The words of `recherche_public`, folded and stemmed as our search texts are."""
    return search_tokens(text) if text else []


@cache
def _public_label_words(code: str) -> tuple[str, ...]:
    term = terms.publics().get(code)
    return tuple(search_tokens(term.label)) if term else ()


def publics_match(words: list[str], publics: list[str], precisions: str) -> bool:
    """Every word starts a word of the service's publics (their labels) or of its precisions on them."""
    if not words:
        return True
    text = [word for code in publics for word in _public_label_words(code)] + search_tokens(precisions)
    return all(any(candidate.startswith(word) for candidate in text) for word in words)
