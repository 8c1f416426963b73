"""Reference lists of the agreements module: kinds, statuses, renewal, the parties' roles, log actions."""

from __future__ import annotations

from django.db import models


class AgreementKind(models.TextChoices):
    CONVENTION = "convention", "convention"
    PROTOCOL = "protocole", "protocole"
    CHARTER = "charte", "charte"


class AgreementStatus(models.TextChoices):
    DRAFT = "en-projet", "en projet"
    SIGNED = "signee", "signée"
    EXPIRED = "expiree", "expirée"
    TERMINATED = "denoncee", "dénoncée"


class Renewal(models.TextChoices):
    TACIT = "tacite", "reconduction tacite"
    EXPRESS = "expresse", "reconduction expresse"
    NONE = "aucune", "sans reconduction"


class PartyRole(models.TextChoices):
    SIGNATORY = "signataire", "signataire"
    PARTNER = "partenaire", "partenaire"
    FUNDER = "financeur", "financeur"
    OTHER = "autre", "autre"


class LogAction(models.TextChoices):
    CREATE = "creation", "création"
    CHANGE = "modification", "modification"
    STATUS = "statut", "changement de statut"
    DOCUMENT = "document", "document signé déposé"
    DOWNLOAD = "telechargement", "document signé téléchargé"
    REMINDER = "rappel", "rappel d'échéance envoyé"


class ReminderKind(models.TextChoices):
    DAYS_90 = "90", "90 jours avant l'échéance"
    DAYS_30 = "30", "30 jours avant l'échéance"
