"""The duties as Huey periodic tasks, and the catch-up of slots missed while no worker ran."""

from __future__ import annotations

from typing import Any

from django.db import connections
from huey import crontab
from huey.api import TaskWrapper
from huey.contrib.djhuey import HUEY, db_periodic_task, on_shutdown

from allervers.jobs import duties

# Created at import so that the consumer knows them: `flush_locks` at its start frees a lock left by a killed worker.
LOCKS = {duty.name: HUEY.lock_task(f"duty.{duty.name}") for duty in duties.DUTIES}


def _periodic(duty: duties.Duty) -> TaskWrapper:
    def run_duty() -> str:
        return duties.run(duty, lock=LOCKS[duty.name])

    run_duty.__name__ = run_duty.__qualname__ = f"duty_{duty.name}"
    return db_periodic_task(crontab(**duty.cron), name=f"jobs.duty.{duty.name}")(run_duty)


PERIODIC: dict[str, Any] = {duty.name: _periodic(duty) for duty in duties.DUTIES}


@db_periodic_task(crontab(minute="*"), name="jobs.catch_up")
def catch_up() -> str:
    """Every minute, the first time as the worker starts (its scheduler enqueues the periodic tasks due at once):
    run the duties whose latest slot has no run."""
    late = duties.missed()
    for duty in late:
        PERIODIC[duty.name]()
    return ", ".join(duty.name for duty in late)


@on_shutdown(name="jobs.close_connections")
def _close_connections() -> None:
    """A worker thread that stops leaves no database connection open behind it."""
    connections.close_all()
