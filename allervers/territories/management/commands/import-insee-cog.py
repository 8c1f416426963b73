"""`allervers import-insee-cog`: apply the yearly INSEE COG files to the territories."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from allervers.common.progress import Progress
from allervers.territories.insee import CogFileError, CogReport, import_cog


class Command(BaseCommand):
    help = (
        "Met à jour les territoires avec les fichiers officiels du COG de l'INSEE : v_commune_AAAA.csv "
        "(obligatoire), v_departement_AAAA.csv, v_region_AAAA.csv et la composition communale des EPCI "
        "exportée en CSV (colonnes CODGEO, EPCI, LIBEPCI). Met à jour noms, types, rattachements, "
        "départements et EPCI ; conserve points, populations et codes postaux ; crée les nouvelles communes "
        "(au point de leur commune de rattachement). Une commune devenue déléguée garde sa ligne, donc les "
        "services qui y renvoient. Aucune commune n'est supprimée : celles qui ont disparu du fichier sont "
        "listées (dans les départements que couvre le fichier). Une seule transaction ; relancer ne change "
        "rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("communes", type=Path, help="v_commune_AAAA.csv")
        parser.add_argument("--departements", type=Path, help="v_departement_AAAA.csv")
        parser.add_argument("--regions", type=Path, help="v_region_AAAA.csv")
        parser.add_argument("--epci", type=Path, help="composition communale des EPCI, en CSV")
        parser.add_argument("--dry-run", action="store_true", help="Affiche le bilan sans rien enregistrer.")

    def handle(self, *args: Any, **options: Any) -> None:
        communes, departments, regions, epci = (
            options["communes"],
            options["departements"],
            options["regions"],
            options["epci"],
        )
        for path in (communes, departments, regions, epci):
            if path is not None and not path.is_file():
                raise CommandError(f"Fichier introuvable : {path}")
        progress = Progress.on_terminal(int(options["verbosity"]))
        started = time.perf_counter()
        try:
            with transaction.atomic():
                report = import_cog(communes, departments, regions, epci, progress=progress)
                transaction.set_rollback(options["dry_run"])
        except CogFileError as error:
            raise CommandError(str(error)) from error
        if int(options["verbosity"]) >= 1:
            self._print(report, time.perf_counter() - started, options["dry_run"])

    def _print(self, report: CogReport, elapsed: float, dry_run: bool) -> None:
        for label, counts in report.counts.items():
            self.stdout.write(f"{label} : {counts}")
        for code, former, kind in report.converted:
            self.stdout.write(f"Commune {code} : type {former} devenu {kind}.")
        if report.missing:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.missing)} commune(s) absente(s) du fichier, conservée(s) (des services "
                    "peuvent y renvoyer) ; à rattacher à la main d'après le fichier des mouvements de "
                    "l'INSEE :"
                )
            )
            for commune in report.missing:
                self.stdout.write(f"  {commune.code} {commune.name} ({commune.get_kind_display()})")
        seconds = f"{elapsed:.1f}".replace(".", ",")
        ending = "Simulation terminée, rien n'a été enregistré" if dry_run else "Import terminé"
        self.stdout.write(self.style.SUCCESS(f"{ending} en {seconds} s."))
