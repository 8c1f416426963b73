"""`allervers resolve-commune TEXT`: what the resolver makes of a place as people write it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allervers.territories.models import Commune
from allervers.territories.resolver import CommuneResolutionError, resolve_commune


def describe(commune: Commune) -> str:
    """ "93066 Saint-Denis (93200) — Seine-Saint-Denis (93)": enough to tell namesakes apart."""
    department = commune.current.department
    where = f" — {department}" if department else ""
    return f"{commune.current.code} {commune.label}{where}"


class Command(BaseCommand):
    help = (
        "Affiche la commune reconnue dans un texte (« 01300 Belley », « CCAS : 01703 St Maurice de "
        "Beynost », « Saint-Denis (93) », code INSEE ou code postal) : son code INSEE et son nom, puis une "
        "note si la commune saisie a été rattachée à une autre. Si le texte est ambigu ou inconnu, l'erreur "
        "et les communes candidates sont écrites sur la sortie d'erreur et le code de sortie vaut 1. Ne "
        "modifie rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="+", help="Commune, code postal ou code INSEE, tel que saisi.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = " ".join(options["text"])
        try:
            resolution = resolve_commune(text)
        except CommuneResolutionError as error:
            lines = [error.message, *(f"  {describe(candidate)}" for candidate in error.candidates)]
            raise CommandError("\n".join(lines), returncode=1) from error
        self.stdout.write(f"{resolution.commune.code} {resolution.commune.name}")
        if resolution.note:
            self.stdout.write(resolution.note)
