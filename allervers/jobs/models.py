"""Each run of a scheduled duty (allervers/jobs/duties.py) is a row: which duty, for which slot of its schedule, when
it started and finished, what it did, or the class of the error that stopped it."""

from __future__ import annotations

from django.db import models


class DutyRunQuerySet(models.QuerySet["DutyRun"]):
    def latest_by_duty(self) -> dict[str, DutyRun]:
        runs: dict[str, DutyRun] = {}
        for run in self.order_by("duty", "-started_at"):
            runs.setdefault(run.duty, run)
        return runs


class DutyRun(models.Model):
    duty = models.CharField("tâche", max_length=50)
    # The schedule's time this run answers: unique per duty, so that of two workers given the same period (two
    # schedulers, a catch-up and the schedule), only one runs it.
    slot = models.DateTimeField("créneau")
    started_at = models.DateTimeField("commencée le")
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    result = models.CharField("résultat", max_length=500, blank=True)
    error = models.CharField("erreur", max_length=200, blank=True)

    objects = DutyRunQuerySet.as_manager()

    class Meta:
        verbose_name = "exécution d'une tâche"
        verbose_name_plural = "exécutions des tâches"
        constraints = [models.UniqueConstraint(fields=["duty", "slot"], name="dutyrun_once_per_slot")]
        indexes = [models.Index(fields=["duty", "-started_at"], name="dutyrun_latest")]

    def __str__(self) -> str:
        return f"{self.duty} {self.slot:%Y-%m-%d %H:%M}"
