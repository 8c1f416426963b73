from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Charge le plan de démonstration : PDPD de l'Ain 2021-2024, objectif n°2 « Dans une démarche d'aller vers », "
        "ses trois actions et leurs fiches, la réunion du 2 décembre 2020 et ses décisions. À lancer après load-demo "
        "(les pilotes et partenaires sont des structures de l'annuaire de démonstration). Relancer la commande met "
        "le plan à jour sans doublon."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from allervers.plan.demo import DEMO_FILE

        parser.add_argument("--file", default=str(DEMO_FILE), help="fichier JSON du plan de démonstration")

    def handle(self, *args: Any, **options: Any) -> None:
        from pathlib import Path

        from allervers.plan.demo import DemoPlanError, load_plan_demo

        try:
            report = load_plan_demo(Path(options["file"]))
        except DemoPlanError as error:
            raise CommandError("Plan de démonstration non chargé :\n" + "\n".join(error.errors)) from error
        self.stdout.write(
            f"Plan « {report.plan} » chargé : {report.fiches} fiches action, {report.indicators} indicateurs "
            f"({report.values} valeurs calculées), {report.decisions} décisions."
        )
