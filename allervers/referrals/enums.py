from django.db import models


class ReferralStatus(models.TextChoices):
    SENT = "sent", "envoyée"
    ACKNOWLEDGED = "acknowledged", "reçue"
    ACCEPTED = "accepted", "acceptée"
    REFUSED = "refused", "refusée"
    IN_CHARGE = "in_charge", "prise en charge"
    CLOSED = "closed", "clôturée"
    EXPIRED = "expired", "expirée sans réponse"


class Urgency(models.TextChoices):
    URGENT = "urgent", "urgente"
    NORMAL = "normal", "normale"


class LegalBasis(models.TextChoices):
    """Why the person's data may be passed on: their consent or, without it, what the law allows or requires."""

    CONSENT = "consent", "consentement de la personne"
    ART_226_14 = "226-14", "signalement sans consentement (article 226-14 du code pénal)"
    INFORMATION_PREOCCUPANTE = (
        "information-preoccupante",
        "information préoccupante (article L. 226-2-1 du code de l'action sociale et des familles)",
    )
    SECRET_PARTAGE = (
        "secret-partage",
        "partage d'informations entre professionnels (article L. 1110-4 du code de la santé publique)",
    )


class ConsentMethod(models.TextChoices):
    ORAL = "oral", "oralement, en entretien"
    PHONE = "phone", "par téléphone"
    WRITTEN = "written", "par écrit"


class Outcome(models.TextChoices):
    SUPPORTED = "supported", "accompagnement réalisé"
    REDIRECTED = "redirected", "orientée vers une autre structure"
    DECLINED = "declined", "la personne n'a pas donné suite"
    UNREACHABLE = "unreachable", "personne injoignable"
    OTHER = "other", "autre"


class AccessAction(models.TextChoices):
    CREATE = "create", "création"
    READ = "read", "consultation"
    CHANGE = "change", "changement de statut"
    MESSAGE = "message", "message"
    EXPORT = "export", "export PDF"
    ERASE = "erase", "effacement des données personnelles"
