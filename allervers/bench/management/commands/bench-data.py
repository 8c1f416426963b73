"""`allervers bench-data`: a synthetic directory of N services, imported the way a real file would be."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allervers.bench import loading


class Command(BaseCommand):
    help = (
        "Génère un annuaire fictif de N services sur les communes réelles (plus de services là où la population "
        "est plus nombreuse ; un département sous 10 000 services, la France au-delà) et l'écrit par l'import "
        "de l'annuaire (source « banc-essai »), puis le réimporte avec 10 % des services modifiés. Remplace "
        "les données fictives déjà présentes, ne touche à aucune autre source : on peut le relancer. Affiche "
        "la vitesse d'import."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--services", type=int, default=3000, help="nombre de services (3 000 par défaut)")
        parser.add_argument("--seed", type=int, default=1, help="graine du tirage (1 par défaut)")
        parser.add_argument("--no-reimport", action="store_true", help="sans le réimport à 10 %% modifiés")
        parser.add_argument("--json", type=Path, help="écrit aussi les mesures dans ce fichier JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["services"] < 1:
            raise CommandError("--services doit être positif.")
        removed = loading.clear()
        if removed:
            self.stdout.write(f"{removed} service(s) fictif(s) supprimé(s).")
        try:
            timing = loading.load(options["services"], options["seed"], reimport=not options["no_reimport"])
        except (ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Import : {timing.services} services, {timing.structures} structures en "
            f"{timing.fresh_seconds:.1f} s ({timing.fresh_per_second:.0f} services/s)."
        )
        if timing.reimport_seconds is not None:
            self.stdout.write(
                f"Réimport ({timing.reimport_updated} services modifiés) : {timing.reimport_seconds:.1f} s "
                f"({timing.reimport_per_second:.0f} services/s)."
            )
        if options["json"]:
            options["json"].write_text(json.dumps(timing.as_dict(), indent=2))
