"""Campaigns, their partner shops and sponsors, what was handed to each shop, and the scans counted per day."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse

from allervers.campaigns.enums import ShopKind, SupportKind, TargetPublic, Theme
from allervers.territories.models import FRANCE, Commune

if TYPE_CHECKING:
    from allervers.accounts.models import User


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def for_user(self, user: User) -> CampaignQuerySet:
        """The campaigns of a coordinator's territory: on a zone of its scope or inside it (none for others)."""
        scope = user.coordinator_scope if user.is_authenticated else None
        if scope is None:
            return self.none()
        if FRANCE in scope.zone_codes:
            return self.all()
        communes = Commune.objects.current().filter(scope.commune_filter(""))
        return self.filter(
            Q(territory_code__in=scope.zone_codes)
            | Q(territory_code__in=communes.values("code"))
            | Q(territory_code__in=communes.exclude(epci_id=None).values("epci_id"))
        )


class Campaign(models.Model):
    slug = models.SlugField("code", max_length=60, unique=True, help_text="Lettres, chiffres et tirets : vif-2026")
    title = models.CharField("titre", max_length=120)
    message = models.TextField("message", max_length=600)
    easy_message = models.TextField(
        "message « facile à lire »", max_length=400, blank=True, help_text="Phrases courtes, mots simples."
    )
    theme = models.CharField("thème", max_length=40, choices=Theme.choices)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    territory_code = models.CharField(
        "territoire", max_length=9, help_text="Code INSEE d'une commune, SIREN d'un EPCI ou code du département"
    )
    target_publics = models.JSONField("publics visés", default=list, blank=True)
    fiches = models.ManyToManyField(
        "plan.FicheAction", blank=True, related_name="campaigns", verbose_name="fiches action du plan"
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "campagne"
        ordering = ["-starts_on", "title"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_period")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign", args=[self.slug])

    @property
    def theme_label(self) -> str:
        return Theme(self.theme).label

    @property
    def target_public_labels(self) -> list[str]:
        return [TargetPublic(code).label for code in self.target_publics if code in TargetPublic.values]

    def is_running_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Sponsor(models.Model):
    """A shop that hands the supports out, or a business that pays for them: from the directory or entered."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sponsors", verbose_name="campagne")
    structure = models.ForeignKey(
        "directory.Structure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField("nom", max_length=150)
    kind = models.CharField("type de commerce", max_length=20, choices=ShopKind.choices)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune")
    contribution = models.CharField("contribution", max_length=200, blank=True, help_text="Impression, diffusion…")
    # The logo, re-encoded as PNG from what was uploaded (logos.py), in the database: never served as a file.
    logo_png = models.BinaryField("logo", null=True, blank=True, editable=False)
    logo_permission = models.BooleanField("accord écrit pour imprimer le logo", default=False)
    is_demo = models.BooleanField("partenaire fictif de démonstration", default=False)

    class Meta:
        verbose_name = "partenaire"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def printable_logo(self) -> bytes | None:
        """A logo goes on paper only with the business's permission."""
        return bytes(self.logo_png) if self.logo_png and self.logo_permission else None


class Distribution(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="distributions", verbose_name="campagne"
    )
    shop = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="distributions", verbose_name="commerce")
    support = models.CharField("support", max_length=20, choices=SupportKind.choices)
    quantity = models.PositiveIntegerField("quantité")
    delivered_on = models.DateField("remis le")
    # A team or a function (« équipe du CISPD »), never a person's name.
    delivered_by = models.CharField("remis par", max_length=150)

    class Meta:
        verbose_name = "distribution"
        ordering = ["-delivered_on"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="distribution_quantity")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.get_support_display()} — {self.shop}"


class ScanCount(models.Model):
    """How many times a support's QR code was followed, per campaign, support, commune and day: nothing else."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="scans", verbose_name="campagne")
    support = models.CharField("support", max_length=20, choices=SupportKind.choices)
    # The help page's territory: a commune's INSEE code (5 characters) or an EPCI's SIREN (9).
    territory_code = models.CharField("territoire", max_length=9)
    day = models.DateField("jour")
    count = models.PositiveIntegerField("passages", default=0)

    class Meta:
        verbose_name = "passages comptés"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "support", "territory_code", "day"], name="scan_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.support} {self.territory_code} {self.day}: {self.count}"

    @classmethod
    def record(cls, campaign: Campaign, support: str, territory_code: str, day: datetime.date) -> None:
        """One more scan, atomically: the row of the day is created once, then incremented in SQL."""
        with transaction.atomic():
            row, created = cls.objects.select_for_update().get_or_create(
                campaign=campaign, support=support, territory_code=territory_code, day=day, defaults={"count": 1}
            )
            if not created:
                cls.objects.filter(pk=row.pk).update(count=F("count") + 1)
