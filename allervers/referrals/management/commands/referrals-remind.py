from typing import Any

from django.core.management.base import BaseCommand

from allervers.referrals.services import run_deadlines


class Command(BaseCommand):
    help = (
        "Délais des mises en relation, à lancer toutes les heures : relance la structure destinataire quand la "
        "réception n'est pas accusée dans le délai (24 h si urgente, 7 jours sinon), prévient la coordination si la "
        "relance reste sans effet un délai de plus, fait expirer après 30 jours sans réponse et prévient l'envoyeur. "
        "Peut être relancée sans risque : chaque courriel n'est envoyé qu'une fois."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_deadlines()
        for label, references in (
            ("relancée(s)", report.reminded),
            ("signalée(s) à la coordination", report.escalated),
            ("expirée(s)", report.expired),
        ):
            self.stdout.write(f"{len(references)} {label}{' : ' + ', '.join(references) if references else ''}")
