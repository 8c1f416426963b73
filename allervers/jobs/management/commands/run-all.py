"""`allervers run-all`: the web server and the worker in one command (`make run`), both stopped by Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from types import FrameType
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
        # Ctrl-C and a SIGTERM (systemd, a container's stop) both end here, even when started in the background
        # with SIGINT ignored; the children, started after, get the default handlers back.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _interrupt)
        command = [sys.executable, "-m", "allervers"]
        # Each child leads its own process group, so that stopping it stops what it started (runserver's reloader).
        children = [
            subprocess.Popen([*command, "runserver", options["address"]], process_group=0),  # noqa: S603 (ours)
            subprocess.Popen([*command, "run_huey"], process_group=0),  # noqa: S603
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


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    """Ask each group to stop (SIGINT, as Ctrl-C would: the worker finishes its tasks), then tell it."""
    for child in children:
        _signal_group(child, signal.SIGINT)
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        _signal_group(child, signal.SIGKILL)  # whatever the child left behind in its group
