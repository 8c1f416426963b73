"""`allervers run-all`: the web server and the worker in one command (`make run`), both stopped by Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

GRACE_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Lance le serveur web de développement et le processus de tâches de fond (courriels, relances, purges) "
        "ensemble ; Ctrl-C arrête les deux, et l'arrêt de l'un arrête l'autre. En production, lancez-les séparément "
        "(voir docs/deploiement.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="adresse du serveur web")

    def handle(self, *args: Any, **options: Any) -> None:
        command = [sys.executable, "-m", "allervers"]
        children = [
            subprocess.Popen([*command, "runserver", options["address"]]),  # noqa: S603 (our own commands)
            subprocess.Popen([*command, "run_huey"]),  # noqa: S603
        ]
        self.stdout.write("Serveur web et tâches de fond lancés ; Ctrl-C pour arrêter les deux.")
        code = 0
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            code = next(child.returncode for child in children if child.returncode is not None)
        except KeyboardInterrupt:
            pass
        finally:
            _stop(children)
        if code:
            self.stderr.write("L'un des deux processus s'est arrêté : l'autre aussi.")
            sys.exit(code)


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    """Ctrl-C reaches both children already (same terminal); a child still running is asked, then told."""
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
