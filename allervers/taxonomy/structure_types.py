"""Structure types (data·inclusion v1 dropped its typology; the victim-support field needs one to route people)."""

from django.db import models


class StructureType(models.TextChoices):
    CCAS = "ccas", "Centre communal d'action sociale (CCAS)"
    CIAS = "cias", "Centre intercommunal d'action sociale (CIAS)"
    ASSOCIATION_AIDE_VICTIMES = "association-aide-victimes", "Association d'aide aux victimes"
    CIDFF = "cidff", "Centre d'information sur les droits des femmes et des familles (CIDFF)"
    ASSOCIATION = "association", "Association"
    GENDARMERIE = "gendarmerie", "Gendarmerie nationale"
    POLICE = "police", "Police nationale"
    POLICE_MUNICIPALE = "police-municipale", "Police municipale"
    HOPITAL = "hopital", "Établissement de santé"
    UMJ = "umj", "Unité médico-judiciaire"
    DEPARTEMENT = "departement", "Conseil départemental"
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "Intercommunalité"
    CLSPD = "clspd", "Conseil local ou intercommunal de sécurité et de prévention de la délinquance"
    JUSTICE = "justice", "Justice"
    ETAT = "etat", "Service de l'État"
    LIGNE_NATIONALE = "ligne-nationale", "Ligne d'écoute nationale"
    AUTRE = "autre", "Autre"
