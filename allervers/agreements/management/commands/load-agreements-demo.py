from typing import Any

from django.core.management.base import BaseCommand, CommandError

from allervers.agreements.demo import DemoAgreementsError, load_agreements_demo


class Command(BaseCommand):
    help = (
        "Charge la démonstration des conventions : les deux projets de partenariat avec la santé du relevé de "
        "décisions (convention parquet / médecins / ARS ; unité médico-judiciaire à Fleyriat), en projet, sans "
        "date ni signataire, liés à la fiche 2.3.1 du plan de démonstration. Après « load-demo » (et "
        "« load-plan-demo » pour la fiche). Relançable : retrouve les conventions par leur intitulé et remplace "
        "leurs parties."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_agreements_demo()
        except DemoAgreementsError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.agreements} convention(s) en projet, {report.parties} partie(s) dont "
            f"{report.directory_parties} structure(s) de l'annuaire, liée(s) à {report.fiches} fiche(s) du plan, "
            f"{report.indicators} indicateur(s) du plan."
        )
