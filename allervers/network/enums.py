"""Reference lists of the network module's mobile units: what happens to one date of a stop."""

from __future__ import annotations

from django.db import models


class ExceptionKind(models.TextChoices):
    CANCELLED = "annule", "passage annulé"
    MOVED = "deplace", "passage déplacé"
