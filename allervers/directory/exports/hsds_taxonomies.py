"""Our reference lists as HSDS taxonomies, and our fields that HSDS has no column for as the terms of one more.

A service's thematiques, publics, modes d'accueil, frais, modes de mobilisation and type, and a structure's
réseaux porteurs, are HSDS `attribute` rows pointing at the terms of these taxonomies (data·inclusion v1 lists
plus our victim-support extension, each extension term saying its data·inclusion equivalent). A field such as
« conditions d'accès » or « mobilisable par » is an attribute of the `champs-aller-vers` taxonomy whose `value`
holds the field's exact value.

Every term is exported, used or not, so that the taxonomy tables are the same for every export and API answer.
The data package wants each term's `code` unique over the whole table: tests check the lists keep it so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from typing import Any

from allervers.directory.exports.hsds_ids import make_id
from allervers.taxonomy import terms

DATAINCLUSION = "data·inclusion v1"
EXTENSION = "Aller-vers (extension aide aux victimes)"
FIELDS_KEY = "champs-aller-vers"


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str
    link_type: str  # the attribute's link_type: what the term says of the listing
    reference: Callable[[], dict[str, terms.Term]]

    @property
    def id(self) -> str:
        return make_id("taxonomy", self.key)

    @property
    def is_fields(self) -> bool:
        return self.key == FIELDS_KEY


# Our fields that HSDS cannot say in a column of its own: (code, label, what the attribute's value holds).
FIELD_TERMS = [
    ("nature", "Nature de la fiche", "« service », ou « helpline » pour une ligne d'écoute ou d'urgence."),
    ("type-structure", "Type de structure", "Code du type de structure (ccas, cidff, gendarmerie…)."),
    (
        "mobilisable-par",
        "Mobilisable par",
        "Qui peut solliciter le service : un code data·inclusion v1 de personne mobilisatrice par attribut.",
    ),
    ("lien-mobilisation", "Lien de mobilisation", "Adresse où solliciter le service."),
    ("conditions-acces", "Conditions d'accès", "Conditions d'accès au service, en texte libre."),
    ("publics-precisions", "Précisions sur les publics", "Précisions sur les publics, en texte libre."),
    ("frais-precisions", "Précisions sur les frais", "Précisions sur les frais, en texte libre."),
    (
        "adresse-confidentielle",
        "Adresse confidentielle",
        "« true » : le lieu est confidentiel (mise à l'abri), seule sa commune est publiée.",
    ),
    ("site-web", "Site internet du service", "Adresse du site internet propre au service."),
    (
        "source",
        "Source de la fiche",
        "Base d'où la fiche a été importée (data·inclusion : son champ « source ») ; absent pour une fiche saisie ici.",
    ),
    ("identifiant-source", "Identifiant dans la source", "Identifiant de la fiche dans la base d'où elle vient."),
    ("canal-tchat", "Tchat", "Adresse du tchat où joindre le service."),
    ("canal-web", "Site ou formulaire en ligne", "Adresse du site ou du formulaire en ligne du service."),
    ("canal-visio", "Visio", "Adresse de la visio où joindre le service."),
]


def _field_terms() -> dict[str, terms.Term]:
    return {code: terms.Term(code, label, description) for code, label, description in FIELD_TERMS}


TAXONOMIES = [
    Taxonomy(
        "thematiques",
        "Thématiques",
        "Thématiques data·inclusion v1 et extension aide aux victimes d'Aller-vers.",
        "thematique",
        terms.thematiques,
    ),
    Taxonomy("publics", "Publics", "Publics data·inclusion v1 et extension d'Aller-vers.", "public", terms.publics),
    Taxonomy(
        "modes-accueil", "Modes d'accueil", "Modes d'accueil data·inclusion v1.", "mode_accueil", terms.modes_accueil
    ),
    Taxonomy("frais", "Frais", "Frais à la charge du bénéficiaire, data·inclusion v1.", "frais", terms.frais),
    Taxonomy(
        "modes-mobilisation",
        "Modes de mobilisation",
        "Comment solliciter le service, data·inclusion v1.",
        "mode_mobilisation",
        terms.modes_mobilisation,
    ),
    Taxonomy(
        "types-services", "Types de services", "Types de services data·inclusion v1.", "type", terms.types_de_services
    ),
    Taxonomy(
        "reseaux-porteurs",
        "Réseaux porteurs",
        "Réseaux porteurs data·inclusion v1 et extension d'Aller-vers (réseaux de l'aide aux victimes).",
        "reseau_porteur",
        terms.reseaux_porteurs,
    ),
    Taxonomy(
        FIELDS_KEY,
        "Champs de l'extension Aller-vers",
        "Champs d'Aller-vers et de data·inclusion v1 sans colonne HSDS : la valeur de l'attribut porte celle du champ.",
        "extension",
        _field_terms,
    ),
]
BY_KEY = {taxonomy.key: taxonomy for taxonomy in TAXONOMIES}


def term_id(key: str, code: str) -> str:
    return make_id("term", key, code)


def _version(taxonomy: Taxonomy) -> str:
    if taxonomy.is_fields:
        return "1"
    return f"{DATAINCLUSION} (data-inclusion-schema {version('data-inclusion-schema')})"


@cache
def taxonomy_rows() -> tuple[dict[str, Any], ...]:
    return tuple(
        {
            "id": taxonomy.id,
            "name": taxonomy.name,
            "description": taxonomy.description,
            "version": _version(taxonomy),
        }
        for taxonomy in TAXONOMIES
    )


@cache
def term_rows() -> tuple[dict[str, Any], ...]:
    rows = []
    for taxonomy in TAXONOMIES:
        reference = taxonomy.reference()
        for code, term in reference.items():
            parent = code.split("--", 1)[0] if "--" in code else None
            rows.append(
                {
                    "id": term_id(taxonomy.key, code),
                    "code": code,
                    "name": term.label,
                    "description": _description(taxonomy, term),
                    "parent_id": term_id(taxonomy.key, parent) if parent in reference else None,
                    "taxonomy": _origin(taxonomy, term),
                    "language": "fr",
                    "taxonomy_id": taxonomy.id,
                }
            )
    return tuple(rows)


def _is_extension(taxonomy: Taxonomy, term: terms.Term) -> bool:
    return taxonomy.is_fields or term.di_code != term.code


def _origin(taxonomy: Taxonomy, term: terms.Term) -> str:
    return EXTENSION if _is_extension(taxonomy, term) else DATAINCLUSION


def _description(taxonomy: Taxonomy, term: terms.Term) -> str:
    text = term.description or term.label
    if _is_extension(taxonomy, term) and not taxonomy.is_fields:
        equivalent = f"« {term.di_code} »" if term.di_code else "aucun"
        text = f"{text.rstrip('.')}. Équivalent data·inclusion v1 : {equivalent}."
    return text


@cache
def _terms_by_id() -> dict[str, tuple[Taxonomy, str]]:
    return {term_id(t.key, code): (t, code) for t in TAXONOMIES for code in t.reference()}


def find_term(identifier: str) -> tuple[Taxonomy, str] | None:
    """The taxonomy and code of a term's identifier."""
    return _terms_by_id().get(identifier.strip().lower())


def find_taxonomy(identifier: str) -> Taxonomy | None:
    wanted = identifier.strip().lower()
    return next((taxonomy for taxonomy in TAXONOMIES if taxonomy.id == wanted), None)
