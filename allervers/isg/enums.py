"""Reference lists of the ISG module: post statuses, kinds, host unit levels, funder kinds."""

from __future__ import annotations

from django.db import models


class PostStatus(models.TextChoices):
    FILLED = "pourvu", "pourvu"
    VACANT = "vacant", "vacant"
    PLANNED = "en-projet", "en projet"


class PostKind(models.TextChoices):
    GENDARMERIE = "gendarmerie", "gendarmerie"
    POLICE = "police", "police"
    MIXED = "mixte", "mixte (gendarmerie et police)"


class HostLevel(models.TextChoices):
    """Where the post sits in the host force: a brigade, a company, a group (departmental), a police station."""

    BRIGADE = "brigade", "brigade"
    COMPANY = "compagnie", "compagnie"
    GROUP = "groupement", "groupement"
    POLICE_STATION = "commissariat", "commissariat"


class FunderKind(models.TextChoices):
    STATE = "etat-fipd", "État (FIPD)"
    DEPARTMENT = "departement", "Département"
    EPCI = "epci", "EPCI"
    COMMUNE = "commune", "commune"
    OTHER = "autre", "autre"
