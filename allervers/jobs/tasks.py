"""The duties as Huey periodic tasks, and the catch-up of slots missed while no worker ran."""

from __future__ import annotations

import logging
from typing import Any

from django.db import connections
from huey import crontab
from huey.api import TaskWrapper
from huey.contrib.djhuey import HUEY, db_periodic_task, on_shutdown, on_startup

from allervers.jobs import duties

logger = logging.getLogger(__name__)

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
    """Every minute, and at the worker's start: run the duties whose latest slot has no run."""
    late = duties.missed()
    for duty in late:
        PERIODIC[duty.name]()
    return ", ".join(duty.name for duty in late)


@on_startup(name="jobs.catch_up")
def _catch_up_when_the_worker_starts() -> None:
    # Each worker thread starts with this hook: the second one's catch-up finds the slots taken.
    try:
        catch_up()
    except Exception as error:  # a queue out of reach now: the minute's catch-up will do it
        logger.warning("Rattrapage des tâches non demandé au démarrage (%s)", type(error).__name__)


@on_shutdown(name="jobs.close_connections")
def _close_connections() -> None:
    """A worker thread that stops leaves no database connection open behind it."""
    connections.close_all()
