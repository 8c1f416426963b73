from typing import Any

from django.core.management.base import BaseCommand

from allervers.referrals.services import rotate_keys


class Command(BaseCommand):
    help = (
        "Rechiffre toutes les données personnelles des mises en relation avec la première clé de "
        "ALLERVERS_REFERRAL_KEYS. Ensuite seulement, retirez l'ancienne clé de la variable. Peut être relancée."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        referrals, messages = rotate_keys()
        self.stdout.write(
            f"{referrals} mise(s) en relation et {messages} message(s) rechiffré(s) avec la clé actuelle."
        )
