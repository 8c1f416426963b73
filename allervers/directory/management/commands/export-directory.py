from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allervers.directory.exports.datainclusion import datainclusion_json, export_datainclusion
from allervers.directory.exports.flat_csv import export_flat_csv
from allervers.directory.exports.hsds import export_hsds, export_hsds_json, hsds_json, write_hsds

FORMATS = ("datainclusion", "hsds", "hsds-json", "csv")


class Command(BaseCommand):
    help = (
        "Exporte l'annuaire : data·inclusion v1 (JSON), Open Referral HSDS 3.0 (datapackage : dossier ou .zip ; "
        "hsds-json : les services imbriqués selon le schéma « compiled » de HSDS) ou CSV à plat (colonnes du "
        "modèle d'import). Export public par défaut : fiches visibles seulement, sans contacts "
        "réservés aux professionnels ni adresse confidentielle (seule la commune sort)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, required=True, help="format d'export")
        parser.add_argument("--output", help="fichier (ou dossier / .zip pour hsds) ; sortie standard sinon")
        parser.add_argument("--all", action="store_true", help="inclure les brouillons et fiches non visibles")
        parser.add_argument(
            "--include-private",
            action="store_true",
            help="inclure contacts professionnels et adresses confidentielles (partenaires habilités seulement)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scope = {"include_private": options["include_private"], "include_drafts": options["all"]}
        output = Path(options["output"]) if options["output"] else None
        if options["format"] == "hsds":
            if output is None:
                raise CommandError("L'export HSDS est un ensemble de fichiers : indiquez --output (dossier ou .zip).")
            tables = export_hsds(**scope)
            write_hsds(tables, output)
            counts = ", ".join(f"{name} : {len(rows)}" for name, rows in tables.items())
            self.stderr.write(f"Export HSDS 3.0 écrit dans {output} ({counts}).")
            return
        if options["format"] == "hsds-json":
            services = export_hsds_json(**scope)
            text = hsds_json(services)
            summary = f"{len(services)} services exportés au format HSDS 3.0 (JSON)."
        elif options["format"] == "datainclusion":
            data = export_datainclusion(**scope)
            text = datainclusion_json(data)
            summary = f"{len(data['structures'])} structures et {len(data['services'])} services exportés."
        else:
            text = export_flat_csv(**scope)
            summary = f"{text.count(chr(10)) - 1} lignes exportées."
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
        self.stderr.write(summary)
