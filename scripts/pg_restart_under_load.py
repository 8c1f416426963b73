"""Restart PostgreSQL under a bounded load and count the answers (issue 12, item 6).

    .venv/bin/python scripts/pg_restart_under_load.py [--seconds 40] [--threads 4] [--no-restart]

Prepares the database allervers_restart on 127.0.0.1:5432 (created if absent, kept afterwards; migrate,
load-territories and load-demo are safe to re-run), collects the static files (into allervers-restart in the system's
temporary directory, kept: the first collection takes minutes), starts
gunicorn (config.wsgi, production settings, DEBUG off, 2 workers) on a free local port, and runs a few threads that
request the home page, a search and the API. A third of the way in, PostgreSQL is stopped (fast mode: open sessions
are cut), left down for 5 seconds, and started again. It prints the answers before, during and after the outage by
status code, whether any 500 came after the database was back, and whether the French 503 page was served while it
was away. The exit status is 1 if a 500 came after the database was back or if no 503 page was seen during the
outage.

CAUTION: the restart cuts every session of the cluster, other people's tests included. --no-restart runs the same
load without touching PostgreSQL (to check the set-up).
"""

from __future__ import annotations

import argparse
import collections
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
# The interpreter's own folder: run from a copy of the repository, the script still uses the project's .venv.
BIN = Path(sys.executable).parent
DATABASE = "allervers_restart"
SERVER = "postgresql://postgres@127.0.0.1:5432"
PATHS = ["/", "/recherche/?commune=Oyonnax", "/api/v1/search/services?code_commune=01283"]
OUTAGE_SECONDS = 5
# The page (French, with the emergency numbers) or the API's JSON.
FRENCH_503 = (("Service momentanément indisponible", 'href="tel:17"'), ('"detail": "Le service est momentanément',))


@dataclass(frozen=True)
class Answer:
    started: float
    ended: float
    path: str
    status: int | str  # a status code, or the network error when there was no HTTP answer
    french_503: bool
    traceback: bool


@dataclass
class Outage:
    stop_issued: float = float("inf")
    back: float = float("inf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=40.0, help="length of the load (default 40)")
    parser.add_argument("--threads", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--no-restart", action="store_true", help="run the load without restarting PostgreSQL")
    args = parser.parse_args()
    version = cluster_version()
    # Kept between runs: collecting (and compressing) the static files takes minutes the first time only.
    folder = Path(tempfile.gettempdir()) / "allervers-restart"
    folder.mkdir(exist_ok=True)
    env = production_env(folder)
    prepare(env)
    log_path = folder / "gunicorn.log"
    answers, outage = serve_and_load(env, log_path, args.seconds, args.threads, None if args.no_restart else version)
    internal_errors = log_path.read_text().count("Internal Server Error")
    return report(answers, outage, internal_errors, restarted=not args.no_restart)


def serve_and_load(
    env: dict[str, str], log_path: Path, seconds: float, threads: int, version: str | None
) -> tuple[list[Answer], Outage]:
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(port)
            return run_load(port, seconds, threads, version)
        finally:
            server.terminate()
            server.wait(timeout=30)


def cluster_version() -> str:
    versions = sorted(Path("/etc/postgresql").iterdir(), key=lambda path: [int(part) for part in path.name.split(".")])
    return versions[-1].name


def production_env(folder: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "ALLERVERS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"{SERVER}/{DATABASE}",
        ALLERVERS_VAR_DIR=str(folder),
        ALLERVERS_REFERRAL_KEYS=Fernet.generate_key().decode(),
        # The load comes from one address: the API's limit per IP would answer 429s instead of the pages measured.
        ALLERVERS_API_RATE="1000000/m",
        ALLERVERS_LOG_LEVEL="WARNING",
    )
    return env


def prepare(env: dict[str, str]) -> None:
    """Created if absent, then brought up to date: the three commands are safe to re-run."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
    commands = [["migrate", "--noinput"], ["load-territories"], ["load-demo"]]
    if not static_files_collected(Path(env["ALLERVERS_VAR_DIR"]) / "static" / "staticfiles.json"):
        commands.append(["collectstatic", "--noinput"])
    for command in commands:
        started = time.monotonic()
        # manage.py, not the allervers entry point: the code of this copy of the repository, not the installed one.
        subprocess.run([sys.executable, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True)
        print(f"manage.py {' '.join(command)}: {time.monotonic() - started:.0f} s", flush=True)


def static_files_collected(manifest: Path) -> bool:
    """Whether the collected files (compressed by whitenoise: minutes on two cores) are newer than our sources."""
    if not manifest.exists():
        return False
    newest = max(path.stat().st_mtime for path in ROOT.glob("allervers/*/static/**/*") if path.is_file())
    return manifest.stat().st_mtime > newest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if fetch(port, "/").status == 200:
            return
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer 200 on / within 60 s")


def fetch(port: int, path: str) -> Answer:
    # Production settings redirect plain HTTP: say what an HTTPS proxy says.
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
    started = time.monotonic()
    status: int | str
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except (OSError, urllib.error.URLError) as error:
        status, body = type(error).__name__, b""
    text = body.decode("utf-8", "replace")
    french_503 = status == 503 and any(all(words in text for words in variant) for variant in FRENCH_503)
    return Answer(started, time.monotonic(), path, status, french_503, "Traceback" in text)


def run_load(port: int, seconds: float, threads: int, version: str | None) -> tuple[list[Answer], Outage]:
    answers: list[Answer] = []
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def client(offset: int) -> None:
        turn = offset
        while time.monotonic() < end:
            answer = fetch(port, PATHS[turn % len(PATHS)])
            with lock:
                answers.append(answer)
            turn += 1
            time.sleep(0.02)  # a bounded load: a few clients, not a flood on two shared cores

    workers = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(threads)]
    for worker in workers:
        worker.start()
    outage = Outage()
    if version is not None:
        time.sleep(seconds / 3)
        restart_postgresql(version, outage)
    for worker in workers:
        worker.join()
    return answers, outage


def restart_postgresql(version: str, outage: Outage) -> None:
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
    print(f"PostgreSQL {version}: stop, {OUTAGE_SECONDS} s down, start", flush=True)
    outage.stop_issued = time.monotonic()
    try:
        subprocess.run([*command, "stop", "--mode", "fast"], check=True)
        time.sleep(OUTAGE_SECONDS)
    finally:
        # Whatever happens, the cluster is started again: other work depends on it.
        subprocess.run([*command, "start"], check=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            psycopg.connect(f"{SERVER}/{DATABASE}", connect_timeout=2).close()
            break
        except psycopg.OperationalError:
            time.sleep(0.1)
    outage.back = time.monotonic()


def phase(answer: Answer, outage: Outage) -> str:
    if answer.ended < outage.stop_issued:
        return "before"
    if answer.started >= outage.back:
        return "after"
    return "during"


def report(answers: list[Answer], outage: Outage, internal_errors: int, restarted: bool) -> int:
    by_phase: dict[str, collections.Counter[str]] = {
        name: collections.Counter() for name in ("before", "during", "after")
    }
    for answer in answers:
        by_phase[phase(answer, outage)][str(answer.status)] += 1
    statuses = sorted({status for counter in by_phase.values() for status in counter})
    header = f"{'phase':<8} {'total':>6} " + " ".join(f"{status:>8}" for status in statuses)
    print()
    print(header)
    print("-" * len(header))
    for name, counter in by_phase.items():
        cells = " ".join(f"{counter.get(status, 0):>8}" for status in statuses)
        print(f"{name:<8} {sum(counter.values()):>6} {cells}")
    if restarted:
        print(
            f"\noutage: stop issued at {outage.stop_issued - answers[0].started if answers else 0:.1f} s, "
            f"database back after {outage.back - outage.stop_issued:.1f} s"
        )
    after = [answer for answer in answers if phase(answer, outage) == "after"]
    during = [answer for answer in answers if phase(answer, outage) == "during"]
    errors_after = sum(1 for answer in after if answer.status == 500)
    french_during = sum(1 for answer in during if answer.french_503)
    print(f"500 after the database was back: {errors_after}")
    print(f"French 503 page served while it was away: {'yes' if french_during else 'no'} ({french_during} answers)")
    print(
        f"500 in total: {sum(1 for answer in answers if answer.status == 500)}; "
        f"pages with a traceback: {sum(1 for answer in answers if answer.traceback)}; "
        f"'Internal Server Error' lines in gunicorn's log: {internal_errors}"
    )
    failed = errors_after > 0 or (restarted and french_during == 0)
    return 1 if failed else 0


if __name__ == "__main__":
    if shutil.which("pg_ctlcluster") is None:
        raise SystemExit("pg_ctlcluster not found: this script needs Debian's postgresql-common")
    sys.exit(main())
