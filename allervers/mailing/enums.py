from django.db import models


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "en attente"
    SENDING = "sending", "en cours d'envoi"
    SENT = "sent", "envoyé"
    FAILED = "failed", "échec"
