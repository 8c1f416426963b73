from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allervers.pathways.competences import CompetenceImportError, import_competences


class Command(BaseCommand):
    help = (
        "Importe la table commune → unité compétente (CRIP, parquet, brigade ou commissariat, juge des tutelles) "
        "depuis un fichier CSV (colonnes : competence, territoire, unite, source). Tout ou rien : une seule ligne "
        "en erreur et rien n'est écrit. Pour chaque compétence présente dans le fichier, le fichier remplace la table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="fichier CSV (UTF-8, séparateur virgule ou point-virgule)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            report = import_competences(path.read_text(encoding="utf-8-sig"), file_name=path.name)
        except UnicodeDecodeError as error:
            raise CommandError("Le fichier doit être encodé en UTF-8.") from error
        except CompetenceImportError as error:
            raise CommandError("Import refusé, rien n'a été écrit :\n" + "\n".join(error.errors)) from error
        detail = ", ".join(f"{kind} : {count}" for kind, count in sorted(report.kinds.items()))
        self.stdout.write(f"{report.rows} lignes importées ({detail}) ; {report.removed} anciennes lignes remplacées.")
