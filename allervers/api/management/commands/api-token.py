from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allervers.api.models import PartnerToken


class Command(BaseCommand):
    help = (
        "Crée ou révoque le jeton d'accès d'un partenaire à l'export de l'API. Le jeton n'est affiché qu'une fois ; "
        "seule son empreinte est conservée. --private lui ouvre les coordonnées réservées aux professionnels."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--create", metavar="PARTENAIRE", help="nom du partenaire")
        parser.add_argument("--private", action="store_true", help="inclure les coordonnées réservées")
        parser.add_argument("--revoke", metavar="DEBUT", help="les 8 premiers caractères du jeton à révoquer")
        parser.add_argument("--list", action="store_true", help="lister les jetons")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["create"]:
            token, raw = PartnerToken.issue(name=options["create"], include_private=options["private"])
            self.stdout.write(f"Jeton créé pour {token.name} (à transmettre de façon sûre, il ne sera plus affiché) :")
            self.stdout.write(raw)
        elif options["revoke"]:
            found = PartnerToken.objects.active().filter(prefix=options["revoke"]).first()
            if found is None:
                raise CommandError(f"Aucun jeton actif ne commence par « {options['revoke']} ».")
            found.revoke()
            self.stdout.write(f"Jeton {found} révoqué.")
        elif options["list"]:
            for token in PartnerToken.objects.order_by("created_at"):
                state = "révoqué" if token.revoked_at else ("privé" if token.include_private else "public")
                self.stdout.write(f"{token.prefix}…  {token.name}  ({state}, créé le {token.created_at:%d/%m/%Y})")
        else:
            raise CommandError("Indiquez --create, --revoke ou --list.")
