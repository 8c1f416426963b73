"""Real services for the delivery tests: a local SMTP server (aiosmtpd) that refuses until told to accept, and the
Huey consumer run in threads of the test process, as `allervers run_huey` runs it."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from aiosmtpd.controller import Controller
from django.core.management import call_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FlakyHandler:
    """Answers 451 to every recipient while `refusing`, then accepts; keeps what it received."""

    def __init__(self) -> None:
        self.refusing = True
        self.refused = 0
        self.received: list[tuple[list[str], str]] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if self.refusing:
            with self.lock:
                self.refused += 1
            return "451 4.3.0 Service temporairement indisponible"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_server() -> Iterator[tuple[FlakyHandler, int]]:
    handler, port = FlakyHandler(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@contextlib.contextmanager
def consumer(huey: Any, workers: int = 1) -> Iterator[Any]:
    """The engine's own consumer, in threads; the periodic scheduler and the start-up catch-up off (the tests
    trigger the duties they want)."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    hooks, huey._startup = huey._startup, {}
    worker = huey.create_consumer(
        workers=workers, worker_type="thread", periodic=False, max_delay=0.2, check_worker_health=False
    )
    worker.start()
    try:
        yield worker
    finally:
        worker.stop(graceful=True)
        huey._startup = hooks
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def wait_for(condition: Callable[[], bool], timeout: float = 20.0, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def reload_territories() -> None:
    """A transactional test empties every table: the communes the other tests rely on come back."""
    call_command("load-territories", verbosity=0)


class TerritoriesBack:
    """A pytest plugin object for the conftests of the folders with transactional tests: once such a test's tables
    are emptied (after every fixture's teardown), the communes come back for the tests that follow."""

    blocker: Any = None

    @staticmethod
    def is_transactional(item: Any) -> bool:
        marker = item.get_closest_marker("django_db")
        return bool(marker is not None and marker.kwargs.get("transaction"))


def erase_access_log() -> None:
    """The access log refuses deletes (referrals migration 0002): a transactional test that made hand-overs lifts the
    guard for a moment to empty it, so that the tables can be emptied after it; the guard is back at once."""
    import importlib

    from django.db import connection

    guard = importlib.import_module("allervers.referrals.migrations.0002_access_log_append_only")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {guard.TABLE} DISABLE TRIGGER referrals_accesslog_no_update")
            cursor.execute(f"DELETE FROM {guard.TABLE}")  # noqa: S608 (a constant)
            cursor.execute(f"ALTER TABLE {guard.TABLE} ENABLE TRIGGER referrals_accesslog_no_update")
        else:
            for statement in guard.SQLITE_DOWN:
                cursor.execute(statement)
            cursor.execute(f"DELETE FROM {guard.TABLE}")  # noqa: S608 (a constant)
            for statement in guard.SQLITE_UP:
                cursor.execute(statement)
