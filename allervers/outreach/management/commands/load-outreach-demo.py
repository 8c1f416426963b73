from typing import Any

from django.core.management.base import BaseCommand, CommandError

from allervers.outreach.demo import DemoOutreachError, load_outreach_demo


class Command(BaseCommand):
    help = (
        "Charge la démonstration des formations et actions de sensibilisation : les actions du relevé de décisions "
        "(journée du CIDFF, module pour les agents d'accueil des mairies avec le CNFPT, stand de la gendarmerie sur "
        "un marché, prise de plainte pour les forces de sécurité), avec des sessions et des actions dans l'Ain et des "
        "inscrits fictifs. Après « load-demo » et « load-plan-demo ». Relançable : remplace les sessions de la "
        "démonstration."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_outreach_demo()
        except DemoOutreachError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.offers} offre(s), {report.sessions} session(s), {report.events} action(s), "
            f"{report.registrations} inscrit(s) fictif(s), {report.indicators} indicateur(s) du plan."
        )
