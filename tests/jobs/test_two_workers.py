"""The issue's second "done when": two worker processes on one Redis, a periodic duty due now runs once per period.

Two real `allervers run_huey` processes share Redis (database 5 of 127.0.0.1:6379) and the test database (a copy in a
file for SQLite, whose test database lives in memory). The period is triggered as each worker's scheduler would:
the duty's periodic task is enqueued once per worker, on top of the catch-up each worker starts with."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from huey import RedisHuey
from huey.contrib.djhuey import HUEY

from allervers.jobs.duties import DUTIES
from allervers.jobs.tasks import PERIODIC
from tests.factories import ServiceFactory, member
from tests.mailing.servers import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = "redis://127.0.0.1:6379/5"


@pytest.fixture
def redis_queue():
    queue = RedisHuey(HUEY.name, url=REDIS_URL)
    try:
        queue.storage.conn.ping()
    except Exception:
        pytest.skip("Redis n'est pas joignable sur 127.0.0.1:6379")
    queue.flush()  # this queue's own keys only
    yield queue
    queue.flush()


@pytest.fixture
def shared_database(tmp_path):
    """How the workers reach the test's data (a URL, once the data are written), and a way to read rows there."""
    if connection.vendor == "sqlite":
        path = tmp_path / "workers.sqlite3"

        def share() -> str:
            connection.ensure_connection()
            with sqlite3.connect(path) as copy:
                connection.connection.backup(copy)
            return f"sqlite:///{path}"

        def count(sql: str) -> list[tuple[object, ...]]:
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchall()

        return share, count
    params = connection.settings_dict

    def count_pg(sql: str) -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    return lambda: f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{params['NAME']}", count_pg


def start_worker(database_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "ALLERVERS_HUEY_URL": REDIS_URL,
        "ALLERVERS_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, "-m", "allervers", "run_huey", "--workers", "2"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def test_two_workers_on_one_redis_run_a_due_duty_once(redis_queue, shared_database, tmp_path):
    stale = ServiceFactory(name="Service fictif à revoir", verified_at=timezone.now() - timezone.timedelta(days=200))
    member(stale.structure, role="admin", email="admin-fictif@example.org")
    share, rows = shared_database
    database_url = share()
    # Each worker's scheduler, at the duty's time, enqueues its periodic task: both do.
    for _ in range(2):
        redis_queue.storage.enqueue(HUEY.serialize_task(PERIODIC["reminders"].s()), None)

    workers = [start_worker(database_url, tmp_path / f"worker-{n}.log") for n in (1, 2)]
    try:
        done = wait_for(
            lambda: (
                redis_queue.pending_count() == 0
                and rows("SELECT COUNT(*) FROM jobs_dutyrun WHERE finished_at IS NOT NULL")[0][0] >= len(DUTIES)
            ),
            timeout=60,
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGINT)  # a graceful stop: running tasks finish
        for worker in workers:
            worker.wait(30)
    logs = "\n".join((tmp_path / f"worker-{n}.log").read_text() for n in (1, 2))
    assert done, logs

    # Two schedulers' enqueues and two start-up catch-ups, one run of the day's reminders. Every other duty was
    # caught up too, once per slot of its own (the outbox's slot changes every 5 minutes, possibly during the test).
    runs = dict(rows("SELECT duty, COUNT(*) FROM jobs_dutyrun GROUP BY duty"))
    assert runs["reminders"] == 1 and set(runs) == {duty.name for duty in DUTIES}, logs
    ((result, slot),) = rows("SELECT result, slot FROM jobs_dutyrun WHERE duty = 'reminders'")
    assert result.startswith("1 première(s) relance(s)")
    assert rows("SELECT COUNT(*) FROM directory_reminder")[0][0] == 1
    assert rows("SELECT recipient FROM mailing_outgoingemail") == [("admin-fictif@example.org",)]
