import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Produit un support imprimable d'une campagne pour un territoire : pour une commune (code INSEE), un PDF "
        "prêt à imprimer (fonds perdus de 3 mm, traits de coupe) ; pour un EPCI (SIREN), une archive ZIP d'un PDF "
        "par commune. --accessible produit le PDF balisé (PDF/UA-1) au lieu du PDF d'imprimeur. Supports : "
        "fourreau, sachet, set-de-table, affiche-a4, affiche-a3, flyer-a5, carte."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True, help="code de la campagne (slug)")
        parser.add_argument("--territory", required=True, help="code INSEE d'une commune ou SIREN d'un EPCI")
        parser.add_argument("--support", required=True, help="type de support")
        parser.add_argument("--output", required=True, help="fichier à écrire (.pdf, ou .zip pour un EPCI)")
        parser.add_argument("--accessible", action="store_true", help="PDF balisé pour les lecteurs d'écran")

    def handle(self, *args: Any, **options: Any) -> None:
        from allervers.campaigns.batch import epci_archive
        from allervers.campaigns.models import Campaign
        from allervers.campaigns.supports import FORMATS, render_support
        from allervers.campaigns.territory import territory, within
        from allervers.common.progress import Progress

        campaign = Campaign.objects.filter(slug=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"Aucune campagne n'a le code « {options['campaign']} ».")
        kind = options["support"]
        if kind not in FORMATS:
            raise CommandError(f"Support inconnu : « {kind} ». Supports possibles : {', '.join(FORMATS)}.")
        place = territory(options["territory"].strip())
        if place is None:
            raise CommandError(
                f"Territoire inconnu : « {options['territory']} » n'est ni un code INSEE de commune ni un SIREN d'EPCI."
            )
        if not within(place, campaign.territory_code):
            raise CommandError(
                f"{place.name} n'est pas dans le territoire de la campagne ({campaign.territory_code}) : choisissez "
                "une commune ou une intercommunalité de ce territoire."
            )
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"Le dossier {output.parent} n'existe pas.")
        if place.is_epci:
            if options["accessible"]:
                raise CommandError("La version accessible se produit commune par commune.")
            body, count = epci_archive(
                campaign, place, kind, Progress.on_terminal(int(options["verbosity"]), sys.stderr)
            )
            summary = f"{count} supports ({place.name}) dans {output}"
        else:
            body = render_support(campaign, place, kind, accessible=options["accessible"])
            summary = f"Support « {kind} » pour {place.name} dans {output}"
        partial = output.with_name(output.name + ".partiel")
        partial.write_bytes(body)
        partial.replace(output)  # never a half-written file under the name asked for
        self.stdout.write(f"{summary} ({len(body) // 1024} Ko).")
