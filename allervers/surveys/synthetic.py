"""A synthetic population with known victimisation rates, and biased samples of it (older people answer more).

Used by the statistical tests (does the weighted interval cover the truth?) and by the demo survey, whose answers
are synthetic: drawn with a fixed seed from rates that are illustrative, not measured.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from allervers.surveys.estimation import AGE_BANDS, SEXES, Respondent

# Illustrative yearly rates by sexe and age band: younger people and women more exposed to some offences.
DEFAULT_RATES: dict[str, dict[tuple[str, str], float]] = {
    "injures": {
        (s, a): rate
        for s, base in (("F", 0.14), ("H", 0.10))
        for a, rate in zip(AGE_BANDS, (base * 2.0, base * 1.4, base, base * 0.6, base * 0.35), strict=True)
    },
    "vol": {
        (s, a): rate
        for s, base in (("F", 0.05), ("H", 0.06))
        for a, rate in zip(AGE_BANDS, (base * 1.8, base * 1.3, base, base * 0.7, base * 0.6), strict=True)
    },
}
# Relative chance of answering, by age band: the response bias of postal and online surveys.
DEFAULT_PROPENSITY = dict(zip(AGE_BANDS, (0.25, 0.45, 0.7, 1.0, 1.1), strict=True))


@dataclass(frozen=True)
class Population:
    counts: Mapping[tuple[str, str, str], int]  # (commune, sexe, age band) → people
    rates: Mapping[str, Mapping[tuple[str, str], float]]

    def margins(self) -> dict[str, dict[str, float]]:
        margins: dict[str, dict[str, float]] = {"sexe": {}, "age_groupe": {}, "commune": {}}
        for (commune, sexe, band), people in self.counts.items():
            for variable, modality in (("sexe", sexe), ("age_groupe", band), ("commune", commune)):
                margins[variable][modality] = margins[variable].get(modality, 0) + people
        return margins

    def true_rate(self, question: str) -> float:
        people = sum(self.counts.values())
        victims = sum(n * self.rates[question][(s, a)] for (_, s, a), n in self.counts.items())
        return victims / people


def population(
    communes: Mapping[str, int], rates: Mapping[str, Mapping[tuple[str, str], float]] = DEFAULT_RATES
) -> Population:
    """Adults of each commune spread over sexe × age band with a fixed, plausible age pyramid."""
    pyramid = dict(zip(AGE_BANDS, (0.18, 0.24, 0.26, 0.21, 0.11), strict=True))
    counts = {
        (commune, s, a): round(adults * 0.5 * pyramid[a] * (1.08 if (s == "F" and a == "75 et plus") else 1.0))
        for commune, adults in communes.items()
        for s in SEXES
        for a in AGE_BANDS
    }
    return Population(counts, rates)


def biased_sample(
    pop: Population,
    size: int,
    rng: np.random.Generator,
    propensity: Mapping[str, float] = DEFAULT_PROPENSITY,
    skip_rate: float = 0.03,
) -> list[Respondent]:
    """`size` respondents drawn with probability ∝ propensity of their age band, answering from their cell's rates.

    A small share skips each question (empty answer), as the questionnaire allows.
    """
    keys: Sequence[tuple[str, str, str]] = list(pop.counts)
    mass = np.array([pop.counts[k] * propensity[k[2]] for k in keys], dtype=float)
    drawn = rng.choice(len(keys), size=size, p=mass / mass.sum())
    respondents = []
    for index in drawn:
        commune, sexe, band = keys[int(index)]
        answers: dict[str, bool | None] = {}
        for question, rates in pop.rates.items():
            answers[question] = None if rng.random() < skip_rate else bool(rng.random() < rates[(sexe, band)])
        respondents.append(Respondent(commune=commune, sexe=sexe, age_groupe=band, answers=answers))
    return respondents
