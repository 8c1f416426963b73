from django.db import models


class CommuneKind(models.TextChoices):
    """INSEE COG commune types."""

    COMMUNE = "COM", "commune"
    DELEGATED = "COMD", "commune déléguée"
    ASSOCIATED = "COMA", "commune associée"
    MUNICIPAL_DISTRICT = "ARM", "arrondissement municipal"
