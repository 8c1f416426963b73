import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Estime les résultats d'une enquête de victimation : pondère les réponses par calage (raking) sur les marges "
        "de la population (sexe, tranche d'âge, commune ou EPCI), puis donne pour chaque question oui/non la part "
        "brute et pondérée de « oui », son intervalle de confiance à 95 % (Wilson sur l'effectif efficace), l'effet "
        "de plan et l'effectif efficace, pour l'ensemble, par sexe × tranche d'âge et par territoire (commune, ou "
        "EPCI si les marges sont données par EPCI). Les cellules de moins de --threshold répondants, et celles qui "
        "permettraient de les recalculer, sont masquées. R.csv : commune, sexe (F/H), age, puis une colonne par "
        "question (oui, non ou vide). M.csv : variable,modalite,effectif (variables sexe, age_groupe, commune ou "
        "epci)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--responses", required=True, help="fichier CSV des réponses (une ligne par répondant)")
        parser.add_argument("--margins", required=True, help="fichier CSV des marges (variable,modalite,effectif)")
        parser.add_argument("--threshold", type=int, default=None, help="seuil de diffusion (défaut : réglage, 11)")
        parser.add_argument("--cap", type=float, default=None, help="plafond des poids, en multiple du poids moyen")
        parser.add_argument("--format", choices=("json", "table"), default="table", help="format de sortie")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        from allervers.surveys import csvfiles, estimation
        from allervers.surveys.report import percent, text_table

        threshold = options["threshold"] or getattr(settings, "SURVEYS_THRESHOLD", estimation.DEFAULT_THRESHOLD)
        if threshold < 1:
            raise CommandError("Le seuil de diffusion doit être un entier positif.")
        cap = options["cap"] or estimation.DEFAULT_CAP
        if cap <= 1:
            raise CommandError("Le plafond des poids doit être supérieur à 1 (multiple du poids moyen).")
        errors: list[str] = []
        responses, margins = None, None
        try:
            responses = csvfiles.read_responses(_read(options["responses"], "Réponses"))
        except csvfiles.FileError as error:
            errors.extend(error.errors)
        try:
            margins = csvfiles.read_margins(_read(options["margins"], "Marges"))
        except csvfiles.FileError as error:
            errors.extend(error.errors)
        if responses is None or margins is None:
            raise CommandError("Estimation impossible :\n" + "\n".join(errors))
        respondents = list(responses.respondents)
        if margins.get("epci"):  # margins by EPCI: each respondent's commune is placed in its EPCI (COG)
            from allervers.surveys.territory import with_epci

            respondents = with_epci(respondents)
        try:
            weighting = estimation.rake(respondents, margins, cap=cap)
        except estimation.EstimationError as error:
            raise CommandError("Estimation impossible :\n" + "\n".join(error.errors)) from error
        if not weighting.converged:
            raise CommandError(
                f"Le calage n'a pas convergé ({weighting.iterations} itérations, écart maximal aux marges "
                f"{percent(weighting.max_gap, 1)}) : relevez le plafond (--cap) ou regroupez des modalités."
            )
        results = estimation.estimate_all(respondents, weighting, responses.questions, threshold)
        deff = f"{weighting.deff:.2f}".replace(".", ",")
        summary = (
            f"{len(respondents)} répondants, calage en {weighting.iterations} itérations "
            f"(écart maximal aux marges {percent(weighting.max_gap, 2)}), {weighting.trimmed} poids plafonnés à "
            f"{weighting.cap:g} fois la moyenne, effet de plan {deff}, effectif efficace "
            f"{weighting.n_eff:.0f}, seuil de diffusion {threshold}."
        )
        if options["format"] == "json":
            self.stderr.write(summary)
            self.stdout.write(json.dumps(estimation.as_json(results), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary)
            self.stdout.write(text_table(results))


def _read(path: str, label: str) -> str:
    from allervers.surveys.csvfiles import FileError, decode

    try:
        return decode(Path(path).read_bytes(), label)
    except FileNotFoundError:
        raise FileError([f"{label} : fichier « {path} » introuvable."]) from None
    except OSError:
        raise FileError([f"{label} : fichier « {path} » illisible."]) from None
