"""The demo survey: a finished survey of the CISPD de Miribel et du Plateau, with synthetic answers.

Everything here is illustrative except the communes (COG) and their municipal populations (INSEE, from the
territories reference): the answers are drawn with a fixed seed (SEED) from made-up rates, and the sexe × age
margins come from a made-up age pyramid; the survey says so on its results page (synthetic, margins illustrative).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from django.db import transaction

from allervers.surveys.enums import Channel, Collection, SurveyStatus
from allervers.surveys.library import BLOCKS, add_blocks
from allervers.surveys.models import Response, Survey
from allervers.surveys.synthetic import DEFAULT_PROPENSITY, population

SEED = 20260415
SLUG = "cispd-miribel-plateau-2026"
EPCI_SIREN = "240100800"  # Communauté de communes de Miribel et du Plateau
ADULT_SHARE = 0.78  # illustrative
INVITED, ANSWERS = 2000, 640

# Illustrative yearly rates for a person of 45-59; other age bands scale by AGE_FACTOR, women by FEMALE_FACTOR.
BASE_RATES = {
    "cambriolage": 0.03,
    "vol": 0.04,
    "vol_vehicule": 0.04,
    "escroquerie": 0.06,
    "injures": 0.10,
    "menaces": 0.05,
    "violences_physiques": 0.015,
    "violences_sexuelles": 0.005,
    "violences_menage": 0.01,
    "harcelement_en_ligne": 0.02,
    "insecurite_domicile": 0.08,
    "insecurite_quartier": 0.16,
    "renonce_sortir": 0.12,
    "connait_3919": 0.55,
    "connait_116006": 0.15,
    "connait_local": 0.35,
}
FOLLOW_UP_RATES = {
    "plainte": 0.3,
    "main_courante": 0.1,
    "signalement": 0.2,
    "pas_plainte_inutile": 0.4,
    "pas_plainte_peur": 0.1,
}
AGE_FACTOR = dict(zip(("18-29", "30-44", "45-59", "60-74", "75 et plus"), (1.9, 1.4, 1.0, 0.7, 0.5), strict=True))
FEMALE_FACTOR = {"violences_sexuelles": 4.0, "violences_menage": 2.0, "renonce_sortir": 2.5, "connait_3919": 1.2}
VICTIMISATION = [q.code for q in BLOCKS[0].questions]


@dataclass(frozen=True)
class DemoReport:
    survey: Survey
    responses: int
    communes: int


def _rate(code: str, sexe: str, band: str) -> float:
    rate = BASE_RATES[code] * (AGE_FACTOR[band] if code not in ("connait_3919", "connait_116006") else 1.0)
    return min(0.95, rate * (FEMALE_FACTOR.get(code, 1.0) if sexe == "F" else 1.0))


def _answers(rng: np.random.Generator, sexe: str, band: str) -> dict[str, bool | None]:
    answers: dict[str, bool | None] = {}
    for code in BASE_RATES:
        sensitive_skip = 0.06 if code.startswith("violences") else 0.02
        answers[code] = None if rng.random() < sensitive_skip else bool(rng.random() < _rate(code, sexe, band))
    victim = any(answers.get(code) for code in VICTIMISATION)
    answers["victime_une_fois"] = victim
    if victim:
        for code, rate in FOLLOW_UP_RATES.items():
            answers[code] = None if rng.random() < 0.05 else bool(rng.random() < rate)
    return answers


@transaction.atomic
def load_surveys_demo() -> DemoReport:
    from allervers.territories.models import Commune, Department

    communes = {
        c.code: round(c.population * ADULT_SHARE)
        for c in Commune.objects.current().filter(epci_id=EPCI_SIREN).only("code", "population")
    }
    if not communes:
        raise LookupError("Les communes de la CC de Miribel et du Plateau manquent : lancez d'abord load-territories.")
    survey, _ = Survey.objects.update_or_create(
        slug=SLUG,
        defaults={
            "title": "Enquête sécurité et victimation 2026 — Miribel et Plateau (démonstration)",
            "organiser": "CISPD de la Communauté de communes de Miribel et du Plateau",
            "department": Department.objects.get(code="01"),
            "territory": "Communauté de communes de Miribel et du Plateau (Ain)",
            "starts_on": datetime.date(2026, 3, 2),
            "ends_on": datetime.date(2026, 4, 30),
            "legal_notice": "Démonstration : enquête fictive, aucune personne n'a été interrogée. Une vraie enquête "
            "indique ici son responsable de traitement, sa finalité, sa durée de conservation et les droits des "
            "personnes.",
            "collection": Collection.INVITATION,
            "invited": INVITED,
            "synthetic": True,
            "status": SurveyStatus.PUBLISHED,
        },
    )
    add_blocks(survey)  # with the national figures of allervers/surveys/national.py
    pop = population(communes)
    survey.replace_margins(
        pop.margins(),
        "communes : populations municipales INSEE (référentiel des territoires) × 78 % d'adultes ; sexe et âge : "
        "pyramide illustrative",
        illustrative=True,
    )
    survey.responses.all().delete()
    rng = np.random.default_rng(SEED)
    keys = list(pop.counts)
    mass = np.array([pop.counts[k] * DEFAULT_PROPENSITY[k[2]] for k in keys], dtype=float)
    rows: list[Response] = []
    for index in rng.choice(len(keys), size=ANSWERS, p=mass / mass.sum()):
        commune, sexe, band = keys[int(index)]
        rows.append(
            Response(
                survey=survey,
                collected_on=survey.starts_on + datetime.timedelta(days=int(rng.integers(0, 59))),
                channel=Channel.PAPER if rng.random() < 0.3 else Channel.WEB,
                commune=commune,
                sexe=sexe,
                age_groupe=band,
                answers=_answers(rng, sexe, band),
                form_nonce=f"demo-{len(rows):05d}",
            )
        )
    Response.objects.bulk_create(rows)
    return DemoReport(survey, len(rows), len(communes))
