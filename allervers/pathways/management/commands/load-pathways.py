from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allervers.pathways.competences import CompetenceImportError
from allervers.pathways.seed import PATHWAYS_FILE, SeedError, load_demo_competences, load_demo_units, load_pathways


class Command(BaseCommand):
    help = (
        "Charge les circuits d'orientation initiaux (situations, étapes, rôles d'acteurs) depuis le fichier versionné. "
        "Une situation modifiée par la coordination n'est jamais écrasée ; relancer la commande ne crée aucun doublon. "
        "Avec --demo : crée aussi les unités compétentes de l'Ain (CRIP, parquet) absentes de l'annuaire et importe "
        "la table des compétences de démonstration."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(PATHWAYS_FILE), help="fichier JSON des circuits")
        parser.add_argument("--demo", action="store_true", help="ajouter les données de démonstration de l'Ain")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_pathways(Path(options["file"]))
        except SeedError as error:
            raise CommandError(f"Circuits invalides, rien n'a été écrit : {error}") from error
        self.stdout.write(
            f"{report.roles} rôles ; situations : {report.created} créées, {report.updated} mises à jour, "
            f"{report.kept} conservées ; {report.steps} étapes écrites."
        )
        if options["demo"]:
            units = load_demo_units()
            try:
                competences = load_demo_competences()
            except CompetenceImportError as error:
                raise CommandError("Table des compétences invalide :\n" + "\n".join(error.errors)) from error
            self.stdout.write(f"{units} unités compétentes créées ; {competences.rows} lignes de compétence importées.")
