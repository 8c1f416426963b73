"""Reference lists of the visit requests to a mobile unit (kept apart from enums.py, the units' own lists)."""

from __future__ import annotations

from django.db import models


class VisitStatus(models.TextChoices):
    SENT = "envoyee", "envoyée"
    ACCEPTED = "acceptee", "acceptée"
    OTHER_DATE = "autre-date", "autre date proposée"
    DECLINED = "refusee", "refusée"
    CANCELLED = "annulee", "annulée"
    EXPIRED = "sans-reponse", "sans réponse"


class RequesterKind(models.TextChoices):
    """The professionals the seed names as those who may call the unit (Action 3.2, Bus Info Santé)."""

    SCHOOL = "etablissement-scolaire", "établissement scolaire"
    SOCIAL_CENTRE = "centre-social", "centre social"
    SHELTER = "foyer-hebergement", "foyer d'hébergement"
    FOOD_AID = "aide-alimentaire", "structure d'aide alimentaire"
    INSERTION = "insertion", "structure d'insertion"
    ASSOCIATION = "association", "association"
    INSTITUTION = "institution", "institution"


class VisitAction(models.TextChoices):
    """One line of a request's log."""

    SENT = "envoi", "demande envoyée"
    ACCEPTED = "acceptation", "acceptée, passage créé"
    PROPOSED = "proposition", "autre date proposée"
    PROPOSAL_ACCEPTED = "proposition-acceptee", "date proposée acceptée, passage créé"
    DECLINED = "refus", "refusée"
    CANCELLED = "annulation", "annulée"
    REMINDED = "relance", "relance envoyée"
    ESCALATED = "signalement", "signalée à la coordination"
    EXPIRED = "expiration", "close sans réponse"
