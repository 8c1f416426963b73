"""National figures of the VRS/CVS surveys that a library question can be compared with, each with its source.

Only what a public SSMSI or INSEE publication states, as read on READ_ON (see SOURCES.md beside this file, which
also lists the library questions that have no comparable national figure). The national protocols differ from a
local survey's (sample drawn from tax files, interviews, wider age range or households instead of people): the
results page says a comparison is an order of magnitude, not a test.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from allervers.surveys.models import NationalFigure, Survey

READ_ON = datetime.date(2026, 12, 2)
INSEE_2021 = "Insee Références « Sécurité et société », édition 2021 (Insee et SSMSI), paru le 09/12/2021"
INSEE_VICTIMATION = "https://www.insee.fr/fr/statistiques/5763545?sommaire=5763633"


@dataclass(frozen=True)
class Reference:
    question: str  # code of the library question it compares with
    label: str
    share: Decimal
    year: int
    source: str
    url: str


REFERENCES = (
    Reference(
        "cambriolage",
        "part des ménages victimes d'un cambriolage ou d'une tentative de cambriolage de leur résidence principale "
        "(France métropolitaine, enquête Cadre de vie et sécurité 2019)",
        Decimal("1.7"),
        2018,
        f"{INSEE_2021}, fiche « Cambriolages »",
        "https://www.insee.fr/fr/statistiques/5763561?sommaire=5763633",
    ),
    Reference(
        "vol",
        "part des personnes de 18 à 75 ans victimes d'un vol (France métropolitaine, enquête Cadre de vie et "
        "sécurité 2019)",
        Decimal("2"),
        2018,
        f"{INSEE_2021}, fiche « Victimation et déclaration des faits aux services de sécurité »",
        INSEE_VICTIMATION,
    ),
    Reference(
        "vol_vehicule",
        "part des ménages victimes d'un vol de voiture ou d'objet dans ou sur la voiture, tentatives de vol de "
        "voiture comprises (France métropolitaine, enquête Cadre de vie et sécurité 2019)",
        Decimal("2.7"),
        2018,
        f"{INSEE_2021}, fiche « Victimation et déclaration des faits aux services de sécurité »",
        INSEE_VICTIMATION,
    ),
    Reference(
        "injures",
        "part des personnes de 18 à 75 ans qui indiquent avoir été injuriées (France métropolitaine, enquête "
        "Cadre de vie et sécurité 2019)",
        Decimal("10"),
        2018,
        f"{INSEE_2021}, fiche « Victimation et déclaration des faits aux services de sécurité »",
        INSEE_VICTIMATION,
    ),
    Reference(
        "menaces",
        "part des personnes de 18 à 75 ans qui indiquent avoir été menacées (France métropolitaine, enquête "
        "Cadre de vie et sécurité 2019)",
        Decimal("4"),
        2018,
        f"{INSEE_2021}, fiche « Victimation et déclaration des faits aux services de sécurité »",
        INSEE_VICTIMATION,
    ),
    Reference(
        "violences_physiques",
        "part des personnes de 15 ans ou plus victimes de violences physiques hors du ménage (France "
        "métropolitaine, enquête Cadre de vie et sécurité 2019)",
        Decimal("1.3"),
        2018,
        f"{INSEE_2021}, fiche « Violences physiques hors cadre familial »",
        "https://www.insee.fr/fr/statistiques/5763557?sommaire=5763633",
    ),
    Reference(
        "insecurite_quartier",
        "part des personnes de 14 ans ou plus qui se sentent « souvent » ou « de temps en temps » en insécurité "
        "dans leur quartier ou leur village, en moyenne de 2007 à 2016 (France métropolitaine, enquêtes Cadre de "
        "vie et sécurité)",
        Decimal("11"),
        2016,
        "SSMSI, Interstats Info rapide n° 7 « Quelles sont les populations préoccupées par l'insécurité dans leur "
        "quartier ? », 18/10/2017",
        "https://www.interieur.gouv.fr/Interstats/Actualites/"
        "Info-rapide-n-7-Quelles-sont-les-populations-preoccupees-par-l-insecurite-dans-leur-quartier",
    ),
    Reference(
        "insecurite_domicile",
        "part des personnes de 14 ans ou plus qui se sentent « souvent » ou « de temps en temps » en insécurité à "
        "leur domicile, en moyenne de 2007 à 2016 (France métropolitaine, enquêtes Cadre de vie et sécurité)",
        Decimal("8"),
        2016,
        "SSMSI, Interstats Info rapide n° 7 « Quelles sont les populations préoccupées par l'insécurité dans leur "
        "quartier ? », 18/10/2017",
        "https://www.interieur.gouv.fr/Interstats/Actualites/"
        "Info-rapide-n-7-Quelles-sont-les-populations-preoccupees-par-l-insecurite-dans-leur-quartier",
    ),
    Reference(
        "renonce_sortir",
        "part des personnes de 18 ans et plus qui renoncent à sortir seules de chez elles pour des raisons de "
        "sécurité (France métropolitaine, Martinique, Guadeloupe et La Réunion, enquête Vécu et ressenti en "
        "matière de sécurité 2022)",
        Decimal("18.0"),
        2022,
        "SSMSI, rapport d'enquête « Vécu et ressenti en matière de sécurité » 2022, publié le 14/12/2023 "
        "(rapporté par Les Petites Affiches, 15/12/2023)",
        "https://www.petitesaffiches.fr/spip.php?page=article-print&id_article=29171",
    ),
)

# Library questions with no comparable national figure, and why (shown on the results page).
WITHOUT_REFERENCE = {
    "escroquerie": "les enquêtes nationales publient les escroqueries bancaires (débits frauduleux), pas les "
    "arnaques sur internet ou par téléphone",
    "violences_sexuelles": "aucun taux national de victimation sur 12 mois n'a pu être lu dans une publication "
    "du SSMSI ou de l'Insee pour cette question",
    "violences_menage": "la question locale inclut les menaces et humiliations, le taux national (1 %) porte sur "
    "les violences physiques ou sexuelles seulement",
    "harcelement_en_ligne": "pas de taux national publié pour cette question",
    "plainte": "les taux nationaux de plainte sont publiés par type d'atteinte, la question locale porte sur "
    "toutes les atteintes à la fois",
    "connait_3919": "question propre aux enquêtes locales",
    "connait_116006": "question propre aux enquêtes locales",
}


def no_reference(code: str) -> str:
    """Why a question is shown without a national figure."""
    reason = WITHOUT_REFERENCE.get(code, "pas de chiffre national comparable publié pour cette question")
    return f"pas de comparaison ({reason})"


def figures() -> dict[str, NationalFigure]:
    """The national figures in the database (created or refreshed from REFERENCES), by question code."""
    from allervers.surveys.models import NationalFigure

    found = {}
    for ref in REFERENCES:
        figure, _ = NationalFigure.objects.update_or_create(
            url=ref.url,
            label=ref.label,
            defaults={"share": ref.share, "year": ref.year, "source": ref.source, "read_on": READ_ON},
        )
        found[ref.question] = figure
    return found


def link(survey: Survey) -> int:
    """Point the survey's library questions at their national figure; returns how many have one."""
    linked = 0
    for code, figure in figures().items():
        linked += survey.questions.filter(code=code).exclude(family="custom").update(national_reference=figure)
    return linked
