"""Reference lists: data·inclusion v1 (from its official package) plus our victim-support extension.

Every extension term maps to the nearest data·inclusion term, used when exporting.
The lists are code, not database rows: they are versioned with the schema that gives them meaning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from data_inclusion.schema import v1 as di

from allervers.common.text import search_tokens


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    description: str = ""
    # data·inclusion code this term is exported as; equal to code for data·inclusion's own terms; "" for an
    # extension network that has no data·inclusion equivalent (exported in the detailed list only).
    di_code: str = ""
    # A search on an urgent theme shows the emergency numbers and helplines first.
    urgent: bool = False
    # What a person types to name an urgent theme without choosing it (« viol », « inceste »): a text that holds
    # every word of one of these, or of the label, makes the public search urgent as if the theme were chosen.
    words: tuple[str, ...] = ()

    @property
    def category(self) -> str:
        return self.code.split("--", 1)[0]


VICTIMS = "aide-aux-victimes"

_THEMATIQUES_EXTENSION = [
    # code suffix, label, data·inclusion target, urgent
    ("violences-conjugales", "Violences conjugales", "famille--surmonter-conflits-separation-violence", True),
    (
        "violences-sexuelles",
        "Violences sexuelles et sexistes",
        "famille--surmonter-conflits-separation-violence",
        True,
    ),
    (
        "enfance-en-danger",
        "Enfance en danger, enfants exposés aux violences",
        "famille--soutien-a-la-parentalite-et-a-leducation",
        True,
    ),
    (
        "maltraitance-personnes-agees",
        "Maltraitance des personnes âgées",
        "famille--prise-en-charge-personne-dependante",
        True,
    ),
    (
        "maltraitance-personnes-handicapees",
        "Violences envers les personnes handicapées",
        "famille--prise-en-charge-personne-dependante",
        True,
    ),
    (
        "cyberharcelement",
        "Cyberharcèlement et violences en ligne",
        "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
        True,
    ),
    (
        "depot-de-plainte",
        "Dépôt de plainte",
        "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
        False,
    ),
    (
        "accompagnement-juridique",
        "Information et accompagnement juridique des victimes",
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        False,
    ),
    ("soutien-psychologique", "Soutien psychologique des victimes", "sante--sante-mentale", False),
    ("examen-medico-legal", "Examen médico-légal", "sante--acces-aux-soins", False),
    (
        "mise-a-l-abri",
        "Mise à l'abri, hébergement d'urgence",
        "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
        True,
    ),
    (
        "protection-juridique-des-majeurs",
        "Protection juridique des majeurs (tutelle, curatelle)",
        "difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere",
        False,
    ),
    (
        "ecoute-et-orientation",
        "Écoute et orientation des victimes",
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        False,
    ),
]

# The words of each urgent theme (code suffix), besides its label. A word may name several themes (« maltraitance »,
# « inceste »): the first of them in the list above leads. Words that also mean something harmless alone are left
# out (« rue », « domicile », « hébergement »).
_URGENT_WORDS = {
    "violences-conjugales": (
        "violences conjugales",
        "violences dans le couple",
        "violences intrafamiliales",
        "conjoint violent",
        "mari violent",
        "compagnon violent",
        "femme battue",
    ),
    "violences-sexuelles": (
        "violences sexuelles",
        "violences sexistes",
        "viol",
        "violée",
        "agression sexuelle",
        "harcèlement sexuel",
        "abus sexuel",
        "attouchements",
        "inceste",
    ),
    "enfance-en-danger": (
        "enfance en danger",
        "enfant en danger",
        "enfant maltraité",
        "maltraitance enfant",
        "inceste",
    ),
    "maltraitance-personnes-agees": ("maltraitance", "personne âgée maltraitée"),
    "maltraitance-personnes-handicapees": ("maltraitance", "personne handicapée maltraitée"),
    "cyberharcelement": ("cyberharcèlement", "harcèlement", "harcelé", "harcelée", "sextorsion"),
    "mise-a-l-abri": ("mise à l'abri", "hébergement d'urgence", "sans abri"),
}
# A distress that no theme of the directory covers: the search is urgent (the emergency numbers first), with no
# theme to rank the lines by.
_DISTRESS_WORDS = ("suicide", "suicidaire", "me tuer")

_PUBLICS_EXTENSION = [
    ("victimes", "Victimes d'infractions", "personnes-en-situation-juridique-specifique"),
    ("enfants", "Enfants et adolescents", "jeunes"),
    ("temoins", "Témoins et proches de victimes", "tous-publics"),
    (
        "majeurs-proteges",
        "Majeurs protégés (tutelle, curatelle)",
        "personnes-en-situation-juridique-specifique",
    ),
    ("professionnels", "Professionnels", "actifs"),
]

# A network with no data·inclusion equivalent maps to "": tagging the gendarmerie "points-justice", a hospital's
# medico-legal unit "cms" (centres médico-sociaux) or a national helpline "france-service" would tell a partner
# system something false. France Victimes associations do run victim desks within the Points-justice network.
_RESEAUX_EXTENSION = [
    ("france-victimes", "France Victimes", "points-justice"),
    ("gendarmerie-nationale", "Gendarmerie nationale", ""),
    ("police-nationale", "Police nationale", ""),
    (
        "intervenants-sociaux-commissariat-gendarmerie",
        "Intervenants sociaux en commissariat et gendarmerie (ISCG)",
        "departements",
    ),
    ("unites-medico-judiciaires", "Unités médico-judiciaires (UMJ)", ""),
    ("cispd-clspd", "Conseils (inter)communaux de sécurité et de prévention de la délinquance", "communes"),
    ("centres-sociaux", "Centres sociaux", "fcsf"),
    ("protection-de-l-enfance", "Protection de l'enfance", "ase"),
    ("lignes-d-ecoute-nationales", "Lignes d'écoute nationales", ""),
]


def _di_terms(enum: Iterable[Any]) -> list[Term]:
    return [Term(item.value, item.label, item.description or "", item.value) for item in enum]


@cache
def thematiques() -> dict[str, Term]:
    terms = {t.code: t for t in _di_terms(di.Categorie) + _di_terms(di.Thematique)}
    terms[VICTIMS] = Term(VICTIMS, "Aide aux victimes", "Thématiques de l'aide aux victimes", "famille")
    for suffix, label, target, urgent in _THEMATIQUES_EXTENSION:
        code = f"{VICTIMS}--{suffix}"
        terms[code] = Term(code, label, "", target, urgent, _URGENT_WORDS.get(suffix, ()))
    return terms


@cache
def datainclusion_thematiques() -> frozenset[str]:
    """The codes data·inclusion takes as a service's thematiques: its categories (« famille ») are not among them."""
    return frozenset(item.value for item in di.Thematique)


@cache
def publics() -> dict[str, Term]:
    terms = {t.code: t for t in _di_terms(di.Public)}
    for code, label, target in _PUBLICS_EXTENSION:
        terms[code] = Term(code, label, "", target)
    return terms


@cache
def reseaux_porteurs() -> dict[str, Term]:
    terms = {t.code: t for t in _di_terms(di.ReseauPorteur)}
    for code, label, target in _RESEAUX_EXTENSION:
        terms[code] = Term(code, label, "", target)
    return terms


@cache
def modes_accueil() -> dict[str, Term]:
    return {t.code: t for t in _di_terms(di.ModeAccueil)}


@cache
def frais() -> dict[str, Term]:
    return {t.code: t for t in _di_terms(di.Frais)}


@cache
def modes_mobilisation() -> dict[str, Term]:
    return {t.code: t for t in _di_terms(di.ModeMobilisation)}


@cache
def types_de_services() -> dict[str, Term]:
    return {t.code: t for t in _di_terms(di.TypeService)}


ON_SITE = di.ModeAccueil.EN_PRESENTIEL.value
REMOTE = di.ModeAccueil.A_DISTANCE.value


def urgent_thematiques() -> set[str]:
    return {code for code, term in thematiques().items() if term.urgent}


@cache
def _urgent_phrases() -> list[tuple[str, frozenset[str]]]:
    """(theme, the folded and stemmed words of one of its phrases), in the taxonomy's order."""
    assert {f"{VICTIMS}--{suffix}" for suffix in _URGENT_WORDS} <= urgent_thematiques(), "words of a non-urgent theme"
    return [
        (code, frozenset(search_tokens(phrase)))
        for code, term in thematiques().items()
        if term.urgent
        for phrase in (term.label, *term.words)
    ]


def urgent_thematiques_named(text: str) -> list[str]:
    """The urgent themes a text names: it holds every word of their label or of one of their words' phrases,
    in any order (« violences conjugales », « conjugales violences », « viol »), in the taxonomy's order."""
    tokens = set(search_tokens(text))
    named: dict[str, None] = {}
    for code, words in _urgent_phrases():
        if words and words <= tokens:
            named.setdefault(code, None)
    return list(named)


def names_distress(text: str) -> bool:
    """Whether a text names an urgent situation: an urgent theme, or a distress no theme covers (« suicide »)."""
    tokens = set(search_tokens(text))
    distress = (frozenset(search_tokens(phrase)) for phrase in _DISTRESS_WORDS)
    return any(words <= tokens for words in distress) or bool(urgent_thematiques_named(text))


def victim_thematiques() -> list[Term]:
    """The themes the public search offers first: ours, before data·inclusion's generic ones."""
    return [t for t in thematiques().values() if t.category == VICTIMS and t.code != VICTIMS]


# The data·inclusion themes that concern vulnerable people, the platform's other public (an isolated or dependent
# person, a relative who cares for one, a family in difficulty): the public search offers these after ours, and
# not data·inclusion's employment and training themes, which no structure of such a directory offers.
_VULNERABLE_PEOPLE_THEMATIQUES = (
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    "difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination",
    "famille--surmonter-conflits-separation-violence",
    "famille--soutien-a-la-parentalite-et-a-leducation",
    "famille--prise-en-charge-personne-dependante",
    "famille--soutien-aidants",
    "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
    "sante--acces-aux-soins",
    "sante--sante-mentale",
    "sante--constituer-un-dossier-mdph-invalidite",
    "remobilisation--lien-social",
    "equipement-et-alimentation--alimentation",
)


def vulnerable_people_thematiques() -> list[Term]:
    reference = thematiques()
    return [reference[code] for code in _VULNERABLE_PEOPLE_THEMATIQUES]


def to_datainclusion(codes: list[str], reference: dict[str, Term]) -> list[str]:
    """Map a list of codes to data·inclusion codes, without repeats, keeping order; a term without a
    data·inclusion equivalent is left out."""
    mapped: dict[str, None] = {}
    for code in codes:
        if reference[code].di_code:
            mapped.setdefault(reference[code].di_code, None)
    return list(mapped)


def labels(codes: list[str], reference: dict[str, Term]) -> list[str]:
    return [reference[code].label for code in codes if code in reference]
