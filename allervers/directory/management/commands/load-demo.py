from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allervers.directory.demo import DEMO_FILE, DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Charge l'annuaire de démonstration de l'Ain (structures, services, lignes d'écoute). "
        "Tout ou rien : une seule erreur et rien n'est écrit. Relancer la commande met à jour sans doublon."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(DEMO_FILE), help="fichier JSON de démonstration")

    def handle(self, *args: Any, **options: Any) -> None:
        from pathlib import Path

        try:
            report = load_demo(Path(options["file"]))
        except DemoDataError as error:
            raise CommandError(
                "Données de démonstration invalides, rien n'a été écrit :\n" + "\n".join(error.errors)
            ) from error
        self.stdout.write(f"{report.structures} structures et {report.services} services de démonstration chargés.")
