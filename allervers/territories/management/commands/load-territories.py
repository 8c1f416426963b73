"""`allervers load-territories`: bring the database to the territory reference shipped in the repository."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from allervers.common.progress import Progress
from allervers.territories.loading import load_reference


class Command(BaseCommand):
    help = (
        "Charge les régions, départements, EPCI, communes (y compris déléguées, associées et "
        "arrondissements municipaux), codes postaux et mairies (annuaire de l'administration) livrés dans "
        "allervers/territories/data (COG 2025). "
        "Ne réécrit que ce qui a changé, en une seule transaction : une seconde exécution ne modifie rien. "
        "Aucune commune n'est supprimée (des services peuvent y renvoyer) ; celles absentes de la référence "
        "sont signalées."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options["verbosity"])
        started = time.perf_counter()
        with transaction.atomic():
            report = load_reference(progress=Progress.on_terminal(verbosity))
        elapsed = time.perf_counter() - started
        if verbosity < 1:
            return
        for label, counts in report.counts.items():
            self.stdout.write(f"{label} : {counts}")
        if report.missing:
            self.stdout.write(
                self.style.WARNING(f"{len(report.missing)} commune(s) absente(s) de la référence, conservée(s) :")
            )
            for commune in report.missing:
                self.stdout.write(f"  {commune.code} {commune.name} ({commune.get_kind_display()})")
        seconds = f"{elapsed:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Territoires chargés en {seconds} s."))
