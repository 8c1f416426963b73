from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Charge l'enquête de démonstration : une enquête de victimation terminée et publiée du CISPD de Miribel et "
        "du Plateau (Ain), avec 640 réponses synthétiques tirées avec une graine fixe et des marges illustratives. "
        "À lancer après load-territories. Relancer la commande remplace les réponses de démonstration, sans doublon."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from allervers.surveys.demo import load_surveys_demo

        try:
            report = load_surveys_demo()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Enquête « {report.survey} » chargée : {report.responses} réponses synthétiques, "
            f"{report.communes} communes. Résultats publics : /enquetes/{report.survey.slug}/resultats/"
        )
