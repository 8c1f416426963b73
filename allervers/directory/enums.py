from django.db import models


class ListingStatus(models.TextChoices):
    DRAFT = "draft", "brouillon"
    PUBLISHED = "published", "publié"
    SUSPENDED = "suspended", "suspendu"
    ARCHIVED = "archived", "archivé"


class ServiceKind(models.TextChoices):
    SERVICE = "service", "service"
    HELPLINE = "helpline", "ligne d'écoute ou d'urgence"


class ChannelKind(models.TextChoices):
    PHONE = "phone", "téléphone"
    SMS = "sms", "SMS"
    CHAT = "chat", "tchat"
    WEB = "web", "site ou formulaire en ligne"
    VIDEO = "video", "visio"


class TermKind(models.TextChoices):
    ZONE = "zone", "zone d'éligibilité"
    THEMATIQUE = "thematique", "thématique"
    PUBLIC = "public", "public"
    MODE_ACCUEIL = "mode_accueil", "mode d'accueil"
    FRAIS = "frais", "frais"


class ErrorReportStatus(models.TextChoices):
    OPEN = "open", "à traiter"
    FIXED = "fixed", "corrigé"
    DISMISSED = "dismissed", "sans suite"


class ModerationStatus(models.TextChoices):
    """A structure is moderated once, before its first publication; established ones publish at once."""

    PENDING = "pending", "en attente de validation"
    APPROVED = "approved", "validée"
    REJECTED = "rejected", "refusée"


class ChangeOrigin(models.TextChoices):
    PAGE = "page", "page de l'espace professionnel"
    IMPORT = "import", "import par la coordination"
    COMMAND = "command", "commande d'import (serveur)"
