from typing import Any

from django.core.management.base import BaseCommand, CommandError

from allervers.network.demo_requests import DemoRequestsError, load_requests_demo


class Command(BaseCommand):
    help = (
        "Charge la démonstration des demandes de passage : un « Centre social de démonstration » (fictif, non publié) "
        "demande deux passages de l'unité mobile de démonstration ; l'un est accepté (un passage est créé), l'autre "
        "refusé avec un motif. Après « load-network-demo ». Relançable : remplace ces deux demandes et leur passage."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_requests_demo()
        except DemoRequestsError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.requests} demande(s) de passage : {report.accepted} acceptée(s), {report.declined} refusée(s)."
        )
