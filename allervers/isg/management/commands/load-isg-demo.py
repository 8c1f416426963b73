from typing import Any

from django.core.management.base import BaseCommand, CommandError

from allervers.isg.demo import DemoIsgError, load_isg_demo


class Command(BaseCommand):
    help = (
        "Charge la démonstration des intervenants sociaux en gendarmerie et commissariat : un poste pourvu au "
        "groupement de gendarmerie de l'Ain (Bourg-en-Bresse), des communes couvertes illustratives et des parts de "
        "financement synthétiques, et les indicateurs automatiques de la fiche 2.2.3 du plan de démonstration. "
        "Après « load-demo » (et « load-plan-demo » pour les indicateurs). Relançable : remplace la zone et les "
        "financements du poste de démonstration."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_isg_demo()
        except DemoIsgError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.posts} poste(s), {report.communes} commune(s) couverte(s), {report.fundings} financement(s) "
            f"synthétique(s), {report.indicators} indicateur(s) du plan."
        )
