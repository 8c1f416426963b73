"""`allervers bench`: the directory's speed per size and per database, printed as a table and saved as JSON."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from allervers.bench import http, report, workloads

SIZES = [3000, 30_000, 140_000]
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
# Another name lets two benches run on one server at once (two checkouts compared side by side).
BENCH_DATABASE = os.environ.get("ALLERVERS_BENCH_DATABASE", "allervers_bench")


class Command(BaseCommand):
    help = (
        "Banc d'essai de l'annuaire : pour chaque taille (3 000, 30 000 et 140 000 services ; 3 000 seulement "
        "avec --quick) et chaque base (SQLite dans var/, PostgreSQL sur 127.0.0.1:5432 dans une base "
        f"{BENCH_DATABASE} créée puis supprimée), importe un annuaire fictif, mesure les recherches W1 à W6 dans "
        "le processus et en HTTP (gunicorn, 2 workers, wrk), la mémoire des workers, la taille de la base et le "
        "plancher SQL. Affiche le tableau et l'écrit en JSON. Ne touche pas à la base de l'application."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quick", action="store_true", help="3 000 services seulement, mesures plus courtes")
        parser.add_argument("--sizes", help="tailles séparées par des virgules (par défaut 3000,30000,140000)")
        parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql ou les deux")
        parser.add_argument("--runs", type=int, help="mesures par scénario (200 par défaut, 60 avec --quick)")
        parser.add_argument("--no-http", action="store_true", help="sans la mesure HTTP (gunicorn et wrk)")
        parser.add_argument("--output", type=Path, default=None, help="fichier JSON (var/bench/results.json)")
        parser.add_argument("--here", action="store_true", help="(interne) mesure la base courante, déjà remplie")

    def handle(self, *args: Any, **options: Any) -> None:
        runs = options["runs"] or (60 if options["quick"] else 200)
        if options["here"]:
            self._measure_here(runs, options)
            return
        sizes = [int(size) for size in options["sizes"].split(",")] if options["sizes"] else SIZES
        if options["quick"]:
            sizes = sizes[:1] if options["sizes"] else [3000]
        databases = [name.strip() for name in options["databases"].split(",") if name.strip()]
        unknown = set(databases) - {"sqlite", "postgresql"}
        if unknown:
            raise CommandError(f"Base inconnue : {', '.join(sorted(unknown))} (sqlite ou postgresql).")
        output = options["output"] or Path(settings.VAR_DIR) / "bench" / "results.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        results: list[dict[str, Any]] = []
        for database in databases:
            try:
                results += self._run_database(database, sizes, runs, options, output)
            except RuntimeError as error:  # a step that could not run (no wrk, gunicorn not up): said, no traceback
                raise CommandError(str(error)) from error
        self.stdout.write("\n".join(report.lines(results)))
        self.stdout.write(f"Résultats écrits dans {output}.")

    # --- orchestration: one database at a time, each step a child process on that database ---------------

    def _run_database(
        self, database: str, sizes: list[int], runs: int, options: dict[str, Any], output: Path
    ) -> list[dict[str, Any]]:
        url = self._fresh_database(database)
        env = {**os.environ, **_child_env(url)}
        results = []
        try:
            self._child(env, "migrate", "--noinput", "-v0")
            self._child(env, "load-territories", "-v0")
            for size in sizes:
                load_before = os.getloadavg()
                self.stdout.write(f"{database}, {size} services : import…")
                with tempfile.TemporaryDirectory() as tmp:
                    self._child(env, "bench-data", "--services", str(size), "--json", f"{tmp}/import.json")
                    self.stdout.write(f"{database}, {size} services : mesures dans le processus…")
                    here = ["bench", "--here", "--runs", str(runs), "--output", f"{tmp}/here.json"]
                    self._child(env, *here, *(["--quick"] if options["quick"] else []))
                    run = json.loads(Path(f"{tmp}/here.json").read_text())
                    run["import"] = json.loads(Path(f"{tmp}/import.json").read_text())
                run.update(database=database, services=size)
                if not options["no_http"]:
                    self.stdout.write(f"{database}, {size} services : HTTP…")
                    run["http"] = _http(env, run["urls"], quick=options["quick"])
                # The machine may be shared: the load average (1, 5, 15 min) says how far to trust the figures.
                run["load_average"] = {"start": _rounded(load_before), "end": _rounded(os.getloadavg())}
                results.append(run)
                self._save(output, results, database)
        finally:
            if database == "postgresql":
                _postgres_admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        return results

    def _save(self, output: Path, results: list[dict[str, Any]], database: str) -> None:
        saved = json.loads(output.read_text()) if output.exists() else {}
        runs = [
            run
            for run in saved.get("runs", [])
            if (run["database"], run["services"]) not in {(r["database"], r["services"]) for r in results}
        ]
        saved = {"machine": machine(), "runs": runs + results}
        output.write_text(json.dumps(saved, indent=2, ensure_ascii=False))

    def _fresh_database(self, database: str) -> str:
        if database == "sqlite":
            path = Path(settings.VAR_DIR) / "bench.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        _postgres_admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        _postgres_admin(f"CREATE DATABASE {BENCH_DATABASE}")
        return f"{POSTGRES_SERVER}/{BENCH_DATABASE}"

    def _child(self, env: dict[str, str], *arguments: str) -> None:
        command = [sys.executable, "-m", "allervers", *arguments]
        completed = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if completed.returncode != 0:
            raise CommandError(f"« allervers {' '.join(arguments)} » a échoué :\n{completed.stderr[-3000:]}")

    # --- the child's part: measure the database it runs on ------------------------------------------------

    def _measure_here(self, runs: int, options: dict[str, Any]) -> None:
        plan = workloads.make_plan()
        timings = workloads.in_process(plan, runs, crawl_seconds=15 if options["quick"] else 30)
        by_key = {timing.key: timing for timing in timings}
        ratios = {
            "W1 (requête API)": by_key["W1"].p50 / by_key["W1-plancher"].p50,
            "W1 (moteur)": by_key["W1-moteur"].p50 / by_key["W1-plancher"].p50,
            "W2 (requête API)": by_key["W2"].p50 / by_key["W2-plancher"].p50,
            "W2 (moteur)": by_key["W2-moteur"].p50 / by_key["W2-plancher"].p50,
            "table W1 (requête API)": by_key["W1"].p50 / by_key["W1-plancher-t"].p50,
            "table W1 (moteur)": by_key["W1-moteur"].p50 / by_key["W1-plancher-t"].p50,
            "table W2 (requête API)": by_key["W2"].p50 / by_key["W2-plancher-t"].p50,
            "table W2 (moteur)": by_key["W2-moteur"].p50 / by_key["W2-plancher-t"].p50,
        }
        result = {
            "in_process": [timing.as_dict() for timing in timings],
            "floor_ratios": {name: round(ratio, 2) for name, ratio in ratios.items()},
            "database_mb": round(database_size() / 2**20, 1),
            "urls": {
                "W1": _url(workloads.SEARCH_URL, plan.w1[0]),
                "W2": _url(workloads.SEARCH_URL, plan.w2_with_commune[2]),
                "W5": plan.service_urls[0],
            },
        }
        options["output"].write_text(json.dumps(result, indent=2, ensure_ascii=False))


def _rounded(values: tuple[float, ...]) -> list[float]:
    return [round(value, 2) for value in values]


def _url(path: str, params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return f"{path}?{urlencode(params)}"


def _child_env(url: str) -> dict[str, str]:
    # The development settings with DEBUG off: plain static files (no collectstatic), no SQL kept in memory.
    return {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        # The API's per-IP limit would answer 429 to wrk: the limiter still runs, with a ceiling out of reach.
        "ALLERVERS_API_RATE": "100000000/m",
        "ALLERVERS_LOG_LEVEL": "WARNING",
    }


def _http(env: dict[str, str], urls: dict[str, str], *, quick: bool) -> dict[str, Any]:
    seconds = 5 if quick else 10
    measured: dict[str, Any] = {}
    with http.Server(env) as server:
        for name, path in urls.items():
            http.wrk(server.base + path, 4, 2)  # warm-up: both workers loaded, their caches filled
            measured[name] = {
                "latency_1": http.wrk(server.base + path, 1, seconds),
                "throughput_16": http.wrk(server.base + path, 16, seconds),
            }
        measured["rss_mb"] = server.worker_peak_rss_mb()
    return measured


def _postgres_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(statement)


def database_size() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
        else:
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        return int(cursor.fetchone()[0])


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_mb": memory, "python": platform.python_version()}
