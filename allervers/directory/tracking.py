"""What keeps the directory true: the change log, the public's error reports and the reminders sent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.directory.enums import ChangeOrigin, ErrorReportStatus


class ListingChange(models.Model):
    """Who changed what and when, on a structure or one of its services. Append-only."""

    structure = models.ForeignKey("directory.Structure", on_delete=models.CASCADE, related_name="changes")
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField("le", default=timezone.now, db_index=True)
    action = models.CharField("action", max_length=40)
    changes = models.JSONField("modifications", default=dict, blank=True)
    # Where the change came from: a page of the professional space, the coordinator's import page, or the
    # import command (run by whoever operates the server); for imports, the file's name.
    origin = models.CharField("origine", max_length=10, choices=ChangeOrigin.choices, default=ChangeOrigin.PAGE)
    file_name = models.CharField("fichier importé", max_length=255, blank=True)

    class Meta:
        verbose_name = "modification d'une fiche"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} ({self.at:%d/%m/%Y})"


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


class ErrorReportQuerySet(models.QuerySet["ErrorReport"]):
    def open(self) -> ErrorReportQuerySet:
        return self.filter(status=ErrorReportStatus.OPEN)


class ErrorReport(models.Model):
    """An error the public reported on a service page. The reporter stays anonymous."""

    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="error_reports")
    elements = models.JSONField("éléments signalés", default=list)
    message = models.TextField("message")
    created_at = models.DateTimeField("reçu le", default=timezone.now)
    status = models.CharField(max_length=10, choices=ErrorReportStatus.choices, default=ErrorReportStatus.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        verbose_name = "signalement d'erreur"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Signalement sur {self.service}"

    def close(self, *, user: Any, status: str) -> None:
        if self.status != ErrorReportStatus.OPEN:
            raise TransitionError("Ce signalement est déjà traité.")
        if status not in {ErrorReportStatus.FIXED, ErrorReportStatus.DISMISSED}:
            raise TransitionError("Un signalement se clôt comme corrigé ou sans suite.")
        self.status, self.handled_by, self.handled_at = status, user, timezone.now()
        self.save(update_fields=["status", "handled_by", "handled_at"])


class Reminder(models.Model):
    """One freshness reminder for a service and a period; the unique key makes `remind` idempotent."""

    FIRST, SECOND, COORDINATOR, UNPUBLISHED = 1, 2, 3, 4

    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="reminders")
    due_since = models.DateField("à vérifier depuis le")
    level = models.PositiveSmallIntegerField("niveau")
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "relance de mise à jour"
        constraints = [
            models.UniqueConstraint(fields=["service", "due_since", "level"], name="reminder_once_per_level")
        ]

    def __str__(self) -> str:
        return f"Relance {self.level} pour {self.service}"
