"""Partner access to the API: a token that may open professional-only contacts in exports. Only its hash is kept."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class PartnerTokenQuerySet(models.QuerySet["PartnerToken"]):
    def active(self) -> PartnerTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class PartnerToken(models.Model):
    name = models.CharField("partenaire", max_length=150)
    prefix = models.CharField("début du jeton", max_length=8, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    include_private = models.BooleanField(
        "accès aux coordonnées réservées aux professionnels et aux adresses confidentielles", default=False
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = PartnerTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'accès partenaire"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, include_private: bool) -> tuple[PartnerToken, str]:
        """Create a token; the raw value is returned once and never stored."""
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(name=name, prefix=raw[:8], key_hash=_hash(raw), include_private=include_private)
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> PartnerToken | None:
        return cls.objects.active().filter(key_hash=_hash(raw)).first()

    def revoke(self) -> None:
        if self.revoked_at is not None:
            raise ValueError("Ce jeton est déjà révoqué.")
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
