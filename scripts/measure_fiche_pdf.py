"""16 simultaneous requests for one fiche réflexe PDF against gunicorn (2 workers), and a search made meanwhile.

    .venv/bin/python scripts/measure_fiche_pdf.py              # builds var/measure-fiche.sqlite3 once (Ain demo)
    .venv/bin/python scripts/measure_fiche_pdf.py --rounds 3   # more warm rounds

A fresh server, so the first round is cold (no PDF in cache) and the next ones warm. For each round: the wall time
of the 16 requests, their median and slowest, how many answered 200 and 429, and the time a search page took while
they ran. To measure another tree of the code (say, before a change), run this file with that tree as the current
directory and first on PYTHONPATH: the server is started from the current directory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from allervers.bench.http import Server

ROOT = Path(__file__).resolve().parent.parent
PDF = "/parcours/fiches/violences-conjugales/commune/01283.pdf"
SEARCH = "/recherche/?commune=Oyonnax&code_commune=01283&q=violences"
CONNECTIONS = 16


def _get(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def _database(env: dict[str, str], path: Path) -> None:
    if path.exists():
        return
    for arguments in (["migrate", "--noinput"], ["load-territories"], ["load-demo"], ["load-pathways", "--demo"]):
        print("allervers", *arguments, flush=True)
        subprocess.run([sys.executable, "-m", "allervers", *arguments], env=env, check=True, capture_output=True)  # noqa: S603


def _round(base: str) -> dict[str, float | int]:
    results: list[tuple[int, float]] = []
    threads = [threading.Thread(target=lambda: results.append(_get(base + PDF))) for _ in range(CONNECTIONS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(0.05)  # the PDF requests are queued in both workers
    search_status, search_seconds = _get(base + SEARCH)
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    durations = [seconds for _, seconds in results]
    return {
        "wall_s": round(wall, 2),
        "median_s": round(statistics.median(durations), 2),
        "slowest_s": round(max(durations), 2),
        "ok": sum(status == 200 for status, _ in results),
        "refused_429": sum(status == 429 for status, _ in results),
        "search_s": round(search_seconds, 2),
        "search_status": search_status,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", type=Path, default=ROOT / "var" / "measure-fiche.sqlite3")
    parser.add_argument("--rounds", type=int, default=2, help="rounds in all: the first cold, the others warm")
    options = parser.parse_args()
    options.database.parent.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{options.database.resolve()}",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "ALLERVERS_LOG_LEVEL": "WARNING",
    }
    _database(env, options.database)
    with Server(env) as server:
        for number in range(options.rounds):
            label = "froid" if number == 0 else "chaud"
            print(f"{label:5} {CONNECTIONS} requêtes PDF : {_round(server.base)}", flush=True)


if __name__ == "__main__":
    main()
