"""The INSEE COG as we use it: regions, departments, EPCI, communes and postal codes."""

from __future__ import annotations

from django.db import models

from allervers.territories.enums import CommuneKind

FRANCE = "france"
REGION_PREFIX = "R"


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone_code(self) -> str:
        # Region and department codes overlap ("84" is both), so zones prefix regions.
        return f"{REGION_PREFIX}{self.code}"


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments", verbose_name="région")

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class EPCI(models.Model):
    siren = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature juridique", max_length=10, blank=True)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommuneQuerySet(models.QuerySet["Commune"]):
    def current(self) -> CommuneQuerySet:
        return self.filter(kind=CommuneKind.COMMUNE)

    def searchable(self) -> CommuneQuerySet:
        """With what a list of communes shows (parent, department), without a query per row."""
        return self.select_related("parent", "department")


class Commune(models.Model):
    """A commune of the COG. Delegated and associated communes point to the commune they now belong to.

    A delegated commune often shares the INSEE code of its commune nouvelle, hence (code, kind) is the key.
    The denormalised codes (department, region, EPCI) make zone matching a single indexed lookup.
    """

    # Looked up through the (code, kind) unique index and the plain search_name index declared in Meta
    # (db_index would add PostgreSQL "_like" twins that range queries don't need and every write maintains).
    code = models.CharField("code INSEE", max_length=5)
    kind = models.CharField("type", max_length=4, choices=CommuneKind.choices, default=CommuneKind.COMMUNE)
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField("nom normalisé", max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="commune de rattachement",
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="communes", null=True, verbose_name="département"
    )
    region_code = models.CharField("code région", max_length=3, blank=True)
    epci = models.ForeignKey(
        EPCI, on_delete=models.SET_NULL, related_name="communes", null=True, blank=True, verbose_name="EPCI"
    )
    population = models.PositiveIntegerField("population municipale", default=0)
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    postal_codes = models.JSONField("codes postaux", default=list, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["search_name", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "kind"], name="commune_code_kind_unique")]
        indexes = [models.Index(fields=["search_name"], name="commune_search_name_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def current(self) -> Commune:
        """The commune that exists today for this name (itself, or its commune nouvelle / city)."""
        return self.parent if self.parent_id and self.parent is not None else self

    @property
    def department_code(self) -> str:
        return self.current.department_id or ""

    def covering_zone_codes(self) -> list[str]:
        """Every zone code whose services reach this commune: commune, EPCI, department, region, France."""
        current = self.current
        codes = [current.code]
        if self.code != current.code:
            codes.append(self.code)
        if current.epci_id:
            codes.append(current.epci_id)
        if current.department_id:
            codes.append(current.department_id)
        if current.region_code:
            codes.append(f"{REGION_PREFIX}{current.region_code}")
        codes.append(FRANCE)
        return codes

    @property
    def label(self) -> str:
        """How a person reads it in a list: name, postal code and, for a former commune, today's commune."""
        postal = self.postal_codes[0] if self.postal_codes else (self.current.postal_codes or [""])[0]
        text = f"{self.name} ({postal})" if postal else self.name
        if self.kind != CommuneKind.COMMUNE and self.parent_id and self.parent is not None:
            text += f", {self.get_kind_display()} de {self.parent.name}"
        return text


class PostalCode(models.Model):
    code = models.CharField("code postal", max_length=5)
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="postal_code_rows", verbose_name="commune"
    )

    class Meta:
        verbose_name = "code postal"
        verbose_name_plural = "codes postaux"
        # The unique (code, commune) index also serves lookups and prefix ranges by code.
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="postal_code_commune_unique")]

    def __str__(self) -> str:
        return self.code
