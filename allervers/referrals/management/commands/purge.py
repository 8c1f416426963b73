from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from allervers.referrals.services import purge


class Command(BaseCommand):
    help = (
        "Efface les données personnelles des mises en relation terminées (clôturées, refusées ou expirées) depuis "
        "plus de N mois (ALLERVERS_REFERRAL_RETENTION_MONTHS, 24 par défaut). Les statistiques sont conservées. "
        "Peut être relancée sans risque : une mise en relation déjà effacée est ignorée."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=None, help="Durée de conservation en mois.")

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"] if options["months"] is not None else settings.ALLERVERS_REFERRAL_RETENTION_MONTHS
        erased = purge(months=months)
        for reference in erased:
            self.stdout.write(f"effacée : {reference}")
        self.stdout.write(f"{len(erased)} mise(s) en relation effacée(s) (conservation : {months} mois).")
