from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allervers.directory import search_index


class Command(BaseCommand):
    help = (
        "Réécrit la table de recherche (une ligne par service publié et par code de zone qu'il couvre) à partir "
        "des services et des structures. Elle est tenue à jour à chaque enregistrement et à chaque import : "
        "cette commande sert après une modification faite directement dans la base. --check compare sans écrire."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="compare la table à ce qu'elle devrait être")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            missing, extra = search_index.differences()
            if missing or extra:
                raise CommandError(
                    f"Table de recherche décalée : {len(missing)} ligne(s) manquante(s) ou périmée(s), "
                    f"{len(extra)} ligne(s) en trop. Lancez « allervers rebuild-search-index »."
                )
            self.stdout.write("Table de recherche à jour.")
            return
        written = search_index.rebuild()
        self.stdout.write(f"Table de recherche réécrite : {written} ligne(s).")
