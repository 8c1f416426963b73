from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "en préparation"
    PUBLISHED = "published", "publié"
    CLOSED = "closed", "clos"


class FicheStatus(models.TextChoices):
    PLANNED = "planned", "à venir"
    IN_PROGRESS = "in_progress", "en cours"
    DONE = "done", "réalisé"
    PAUSED = "paused", "en pause"
    ABANDONED = "abandoned", "abandonné"
    BLOCKED = "blocked", "bloqué"
    LATE = "late", "en retard"


class Priority(models.TextChoices):
    HIGH = "high", "haute"
    MEDIUM = "medium", "moyenne"
    LOW = "low", "basse"


class FundingSource(models.TextChoices):
    FIPD = "fipd", "FIPD (fonds interministériel de prévention de la délinquance)"
    STATE = "state", "État (autres crédits)"
    DEPARTMENT = "department", "Département"
    MUNICIPALITIES = "municipalities", "Communes et intercommunalités"
    CAF = "caf", "CAF"
    ARS = "ars", "ARS"
    OWN = "own", "fonds propres de la structure"
    OTHER = "other", "autre"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "mensuelle"
    QUARTERLY = "quarterly", "trimestrielle"
    HALF_YEARLY = "half_yearly", "semestrielle"
    YEARLY = "yearly", "annuelle"
    ONCE = "once", "ponctuelle"


class FieldKind(models.TextChoices):
    TEXT = "text", "texte court"
    LONG_TEXT = "long_text", "texte long"
    NUMBER = "number", "nombre"
    DATE = "date", "date"
    BOOLEAN = "boolean", "oui / non"
    CHOICE = "choice", "liste de choix"


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", "présidence"
    ATTENDEE = "attendee", "présent"
    EXCUSED = "excused", "excusé"


class DecisionStatus(models.TextChoices):
    OPEN = "open", "à suivre"
    DONE = "done", "soldée"
