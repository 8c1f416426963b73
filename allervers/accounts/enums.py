from django.db import models


class MembershipRole(models.TextChoices):
    ADMIN = "admin", "administrateur"
    EDITOR = "editor", "éditeur"
