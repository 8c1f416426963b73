"""Reference lists of the outreach module: formats, topics, target professions, audiences, statuses."""

from __future__ import annotations

from django.db import models


class OfferKind(models.TextChoices):
    TRAINING = "formation", "formation (avec inscription)"
    AWARENESS = "sensibilisation", "action de sensibilisation (sans inscription)"


class Format(models.TextChoices):
    ON_SITE = "presentiel", "présentiel"
    REMOTE = "distanciel", "distanciel"


class Topic(models.TextChoices):
    DOMESTIC_VIOLENCE = "reperage-violences-conjugales", "repérage des violences conjugales"
    CONTROL = "emprise", "emprise"
    EXPOSED_CHILDREN = "enfants-exposes", "enfants exposés aux violences"
    OLDER_PEOPLE = "personnes-agees", "personnes âgées"
    DISABILITY = "handicap", "handicap"
    CYBERBULLYING = "cyberharcelement", "cyberharcèlement"
    COMPLAINT = "accueil-prise-de-plainte", "accueil et prise de plainte"


class Profession(models.TextChoices):
    """Every profession the seed names (Action 1, fiche 2.1.3: « agents communaux d'accueil, PM, personnels de crèche,
    travailleurs sociaux du département, des centres sociaux, AS scolaires, agent d'immeubles de bailleurs sociaux »;
    the CNFPT's « agents territoriaux »; Action 3.2's « forces de sécurité de l'État »), plus the issue's others."""

    MUNICIPAL_RECEPTION = "agent-accueil-communal", "agent communal d'accueil"
    MUNICIPAL_POLICE = "police-municipale", "policier municipal"
    NURSERY_STAFF = "personnel-creche", "personnel de crèche"
    DEPARTMENT_SOCIAL_WORKER = "travailleur-social-departement", "travailleur social du Département"
    SOCIAL_CENTRE = "centre-social", "professionnel de centre social"
    SCHOOL_SOCIAL_WORKER = "assistant-social-scolaire", "assistant de service social scolaire"
    SOCIAL_HOUSING = "agent-bailleur-social", "agent d'immeuble de bailleur social"
    TERRITORIAL_AGENT = "agent-territorial", "autre agent territorial"
    SECURITY_FORCES = "forces-securite", "forces de sécurité de l'État (police, gendarmerie)"
    PHARMACIST = "pharmacien", "pharmacien"
    SHOPKEEPER = "commercant", "commerçant"
    ELECTED = "elu", "élu"
    VOLUNTEER = "benevole", "bénévole"
    HEALTH = "professionnel-sante", "professionnel de santé"
    OTHER = "autre", "autre profession"


# The professions the seed itself names as targets: the "who has not yet been reached" view counts these.
SEED_TARGETS: tuple[Profession, ...] = (
    Profession.MUNICIPAL_RECEPTION,
    Profession.MUNICIPAL_POLICE,
    Profession.NURSERY_STAFF,
    Profession.DEPARTMENT_SOCIAL_WORKER,
    Profession.SOCIAL_CENTRE,
    Profession.SCHOOL_SOCIAL_WORKER,
    Profession.SOCIAL_HOUSING,
    Profession.TERRITORIAL_AGENT,
    Profession.SECURITY_FORCES,
)


class Audience(models.TextChoices):
    PROFESSIONALS = "professionnels", "professionnels"
    GENERAL = "grand-public", "grand public"
    OLDER_PEOPLE = "personnes-agees", "personnes âgées"
    YOUNG_PEOPLE = "jeunes", "jeunes"
    FAMILIES = "familles", "familles"
    DISABLED_PEOPLE = "personnes-handicapees", "personnes en situation de handicap"


class RegistrationStatus(models.TextChoices):
    PENDING = "a-confirmer", "à confirmer"
    CONFIRMED = "inscrit", "inscrit"
    WAITING = "liste-attente", "sur liste d'attente"
    CANCELLED = "annule", "annulé"
    # The organisers cancelled the session: nobody holds a place or waits any more, and the row says why.
    SESSION_CANCELLED = "seance-annulee", "séance annulée"


# Statuses of a registration that still expects the session: the ones a session's cancellation closes.
ACTIVE_STATUSES: tuple[RegistrationStatus, ...] = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
)


class Attendance(models.TextChoices):
    PRESENT = "present", "présent"
    ABSENT = "absent", "absent"
    EXCUSED = "excuse", "excusé"
