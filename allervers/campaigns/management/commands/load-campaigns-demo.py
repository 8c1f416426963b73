from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Charge la campagne de démonstration « Violences intrafamiliales : parlons-en » : six commerces partenaires "
        "fictifs (marqués « démonstration », sans adresse ni téléphone) à Oyonnax (Haut-Bugey) et à Belley (Bugey), "
        "et leurs distributions de supports. À lancer après load-territories, load-demo et load-plan-demo (la fiche "
        "2.2.2 est liée si le plan est chargé). Relancer la commande met la campagne à jour sans doublon."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from allervers.campaigns.demo import load_campaigns_demo
        from allervers.territories.models import Commune

        if not Commune.objects.exists():
            raise CommandError("Aucune commune en base : lancez d'abord « allervers load-territories ».")
        report = load_campaigns_demo()
        self.stdout.write(
            f"Campagne « {report.campaign} » chargée : {report.sponsors} partenaires fictifs, "
            f"{report.distributions} distributions, {report.fiches} fiche(s) du plan liée(s)."
        )
