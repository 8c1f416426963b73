from typing import Any

from django.core.management.base import BaseCommand, CommandError

from allervers.network.units_demo import DemoNetworkError, load_network_demo


class Command(BaseCommand):
    help = (
        "Charge la démonstration des unités mobiles : une « Unité mobile de démonstration » (fictive, sans "
        "téléphone ni adresse) qui passe dans le Bugey et le Pays de Gex, avec une date annulée. Après « load-demo ». "
        "Relançable : retrouve l'unité et ses passages, sans toucher aux passages créés autrement."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_network_demo()
        except DemoNetworkError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.units} unité(s) mobile(s), {report.stops} passage(s), {report.cancelled} date(s) annulée(s)."
        )
