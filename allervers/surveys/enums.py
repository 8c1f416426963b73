from django.db import models


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "brouillon"
    OPEN = "open", "en cours de collecte"
    CLOSED = "closed", "collecte close"
    PUBLISHED = "published", "résultats publiés"


class LogKind(models.TextChoices):
    TRANSITION = "transition", "changement d'état"
    DELETION = "deletion", "suppression"


class Collection(models.TextChoices):
    INVITATION = "invitation", "sur invitation (un code par personne tirée au sort)"
    OPEN_LINK = "open", "lien ouvert (limité en fréquence)"


class Channel(models.TextChoices):
    WEB = "web", "en ligne"
    PAPER = "paper", "papier (saisi par la coordination)"


class Family(models.TextChoices):
    VICTIMISATION = "victimisation", "atteintes subies"
    REPORTING = "reporting", "signalement et plainte"
    INSECURITY = "insecurity", "sentiment d'insécurité"
    HELP = "help", "connaissance des aides"
    CUSTOM = "custom", "questions ajoutées"
