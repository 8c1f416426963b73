"""Synthetic survey files for the tests: a known population, a biased sample, written as the CLI's CSV files."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from allervers.surveys import synthetic
from allervers.surveys.estimation import AGE_BANDS, Respondent

COMMUNES = {"01249": 9000, "01194": 5200, "01376": 3100}
AGE_OF_BAND = dict(zip(AGE_BANDS, (24, 37, 52, 67, 80), strict=True))


def population() -> synthetic.Population:
    return synthetic.population(COMMUNES)


def sample(seed: int, size: int = 400) -> list[Respondent]:
    return synthetic.biased_sample(population(), size, np.random.default_rng(seed))


def write_files(
    tmp_path: Path, respondents: list[Respondent], margins: dict[str, dict[str, float]]
) -> tuple[Path, Path]:
    questions = list(respondents[0].answers)
    lines = ["commune,sexe,age," + ",".join(questions)]
    for r in respondents:
        answers = ["" if r.answers[q] is None else ("oui" if r.answers[q] else "non") for q in questions]
        lines.append(f"{r.commune},{r.sexe},{AGE_OF_BAND[r.age_groupe]}," + ",".join(answers))
    responses = tmp_path / "R.csv"
    responses.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = ["variable,modalite,effectif"] + [
        f"{variable},{modality},{count:g}" for variable, counts in margins.items() for modality, count in counts.items()
    ]
    margins_path = tmp_path / "M.csv"
    margins_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return responses, margins_path
