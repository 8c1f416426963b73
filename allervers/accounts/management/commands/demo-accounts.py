from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from allervers.accounts.enums import MembershipRole
from allervers.accounts.models import CoordinatorScope, Membership, User
from allervers.directory.models import Structure

DEMO_PASSWORD = "demo-aller-vers-2026"  # noqa: S105 (a demo password, printed on purpose, refused outside DEBUG)
DEMO_ACCOUNTS = [
    # e-mail, function, coordinator scope label, zone codes, structure source_id, role
    (
        "coordination@demo.invalid",
        "Coordinatrice départementale (démonstration)",
        "Préfecture de l'Ain, cabinet",
        ["01"],
        None,
        None,
    ),
    (
        "ccas-oyonnax@demo.invalid",
        "Chargée d'accueil du CCAS (démonstration)",
        None,
        None,
        "ccas-oyonnax",
        MembershipRole.ADMIN,
    ),
    ("avema@demo.invalid", "Juriste d'aide aux victimes (démonstration)", None, None, "avema-01", MembershipRole.ADMIN),
    # The ISG post's host unit (load-isg-demo): someone there receives the hand-overs sent to the post.
    (
        "isg-ggd-ain@demo.invalid",
        "Intervenante sociale en gendarmerie (démonstration)",
        None,
        None,
        "ggd-ain",
        MembershipRole.EDITOR,
    ),
]


class Command(BaseCommand):
    help = (
        "Crée les comptes de démonstration (une coordinatrice de l'Ain, un membre du CCAS d'Oyonnax, un membre "
        "d'AVEMA 01, une intervenante sociale du groupement de gendarmerie) avec un mot de passe connu, affiché. "
        "Refusé hors mode DEBUG, sauf --force. Relançable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="accepter hors DEBUG (jamais en production)")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Comptes de démonstration refusés hors mode DEBUG : leur mot de passe est public.")
        for email, job_title, scope_label, zone_codes, source_id, role in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(email=email, defaults={"job_title": job_title})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if scope_label:
                CoordinatorScope.objects.update_or_create(
                    user=user, defaults={"label": scope_label, "zone_codes": zone_codes}
                )
            if source_id and role:
                structure = Structure.objects.filter(source="demo-ain", source_id=source_id).first()
                if structure is None:
                    raise CommandError("Chargez d'abord l'annuaire de démonstration : allervers load-demo")
                Membership.objects.update_or_create(user=user, structure=structure, defaults={"role": role})
            self.stdout.write(f"{email}  ({job_title})")
        self.stdout.write(f"Mot de passe de démonstration : {DEMO_PASSWORD}")
