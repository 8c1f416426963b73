"""What /sante/ checks: the database, the cache and the job queue, each within a few seconds (a Redis away fails
its connection in 2 seconds, config/settings/base.py), without writing anything."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from allervers.jobs.models import DutyRun

# The outbox duty runs every 5 minutes: a worker silent for three periods is probably stopped.
WORKER_LATE_AFTER_SECONDS = 15 * 60


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def _cache() -> dict[str, Any]:
    cache.get("allervers:health")
    return {"ok": True}


def _queue() -> dict[str, Any]:
    return {"ok": True, "pending": HUEY.pending_count(), "scheduled": HUEY.scheduled_count()}


def _worker() -> dict[str, Any]:
    last = DutyRun.objects.order_by("-started_at").values_list("started_at", flat=True).first()
    if last is None:
        return {"ok": False, "last_run_seconds": None}
    age = round((timezone.now() - last).total_seconds())
    return {"ok": age <= WORKER_LATE_AFTER_SECONDS, "last_run_seconds": age}


def checks() -> tuple[bool, dict[str, dict[str, Any]]]:
    """Whether the web process can serve (database, cache, queue), and each check's detail. A late worker is
    reported but does not fail the check: the load balancer would take every web process out for it."""
    detail: dict[str, dict[str, Any]] = {}
    for name, check in (("database", _database), ("cache", _cache), ("queue", _queue), ("worker", _worker)):
        try:
            detail[name] = check()
        except Exception as error:  # any failure is the answer itself: its class, never its message
            detail[name] = {"ok": False, "error": type(error).__name__}
    healthy = all(detail[name]["ok"] for name in ("database", "cache", "queue"))
    return healthy, detail
