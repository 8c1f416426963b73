from typing import Any

from django.core.management.base import BaseCommand

from allervers.accounts.recipients import AccountRecipients
from allervers.directory.freshness import run_reminders


class Command(BaseCommand):
    help = (
        "Relance les structures dont des fiches ont dépassé leur fréquence de mise à jour : une première relance, "
        "une seconde 14 jours plus tard, puis la coordination 14 jours après ; une fiche non vérifiée depuis 13 mois "
        "et signalée à la coordination est dépubliée. "
        "Relançable sans risque : chaque relance n'est envoyée qu'une fois."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = run_reminders(AccountRecipients())
        self.stdout.write(
            f"Premières relances : {run.first}, secondes : {run.second}, coordination prévenue : {run.coordinator}, "
            f"fiches dépubliées : {run.unpublished}, courriels envoyés : {run.emails}."
        )
