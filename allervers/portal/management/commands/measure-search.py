"""Measure the public search page on the current database: SQL queries and time per request, in-process."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

SCENARIOS = [
    (
        "commune + thème urgent",
        {"commune": "Oyonnax", "thematique": "aide-aux-victimes--violences-conjugales"},
    ),
    ("commune seule", {"commune": "01300 Belley"}),
    ("commune + mots-clés", {"code_commune": "01053", "q": "violences conjugales"}),
    ("commune + ouvert maintenant", {"code_commune": "01053", "ouvert": "on"}),
    ("API de recherche", None),
]


class Command(BaseCommand):
    help = (
        "Mesure la page de recherche publique sur la base courante (après make db) : requêtes SQL et durée "
        "d'une requête complète (vue + gabarit), médiane et 95e centile, dans le processus. Ne modifie rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--runs", type=int, default=50, help="nombre de mesures par scénario (après 5 d'échauffement)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Instrumented templates give access to the response context (the result count); nothing else changes.
        setup_test_environment()
        try:
            self._measure(options)
        finally:
            teardown_test_environment()

    def _measure(self, options: dict[str, Any]) -> None:
        client = Client(HTTP_HOST="localhost")
        runs = max(5, options["runs"])
        self.stdout.write(f"{'scénario':32} {'requêtes SQL':>12} {'médiane ms':>11} {'p95 ms':>8} {'résultats':>10}")
        for label, params in SCENARIOS:
            url, query = (
                (
                    "/api/v1/search/services",
                    {"code_commune": "01283", "thematiques": "aide-aux-victimes--violences-conjugales"},
                )
                if params is None
                else ("/recherche/", params)
            )
            for _ in range(5):
                client.get(url, query)
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(url, query)
                timings.append((time.perf_counter() - start) * 1000)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, query)
            total = response.json()["total"] if params is None else response.context["result"].total
            p95 = statistics.quantiles(timings, n=20)[-1]
            self.stdout.write(
                f"{label:32} {len(captured.captured_queries):>12} "
                f"{statistics.median(timings):>11.1f} {p95:>8.1f} {total:>10}"
            )
        self.stdout.write(f"Base : {connection.vendor}, {runs} mesures par scénario.")
