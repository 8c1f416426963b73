import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allervers.common.progress import Progress
from allervers.directory.imports import FileFormatError, collector_paused, files_from_path, import_directory
from allervers.directory.imports.template import template_csv, template_xlsx


class Command(BaseCommand):
    help = (
        "Importe un annuaire : data·inclusion v1 (JSON, ou structures.csv + services.csv dans un dossier ou un zip), "
        "les pages de l'API data·inclusion (JSON, dans un dossier ou un zip), un paquet Open Referral HSDS 3.0 (ses "
        "tables CSV dans un dossier ou un zip) ou le modèle à remplir (CSV ou XLSX). Chaque ligne est validée et "
        "sa commune résolue ; tout ou rien : "
        "une seule erreur et rien n'est écrit. Réimporter le même fichier ne change rien ; un fichier modifié met "
        "à jour les fiches (identité : source + identifiant, sinon SIRET, sinon nom + commune + téléphone). "
        "Voir docs/import-annuaire.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="fichier .json, .csv, .xlsx, .zip ou dossier")
        parser.add_argument("--dry-run", action="store_true", help="tout valider, ne rien écrire")
        parser.add_argument("--source", help="nom de la source (remplace celle du fichier)")
        parser.add_argument("--draft", action="store_true", help="créer les fiches en brouillon (non publiées)")
        parser.add_argument("--write-template", metavar="DOSSIER", help="écrire le modèle vierge (CSV et XLSX)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["write_template"]:
            self._write_template(Path(options["write_template"]))
            return
        if not options["file"]:
            raise CommandError("Indiquez le fichier à importer.")
        try:
            files = files_from_path(Path(options["file"]))
        except FileFormatError as error:
            raise CommandError(error.message) from error
        # A short file needs no bar: from 500 rows on.
        progress = Progress(sys.stderr if options["verbosity"] >= 1 else None, min_total=500)
        with collector_paused():
            report = import_directory(
                files, source=options["source"], dry_run=options["dry_run"], draft=options["draft"], progress=progress
            )
        if not report.ok:
            raise CommandError("\n".join(report.summary_lines()))
        self.stdout.write("\n".join(report.summary_lines()))

    def _write_template(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "modele-annuaire.csv").write_text(template_csv(), encoding="utf-8")
        (folder / "modele-annuaire.xlsx").write_bytes(template_xlsx())
        self.stdout.write(f"Modèle écrit dans {folder} (modele-annuaire.csv, modele-annuaire.xlsx).")
