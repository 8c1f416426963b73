"""The INSEE COG as we use it: regions, departments, EPCI, communes, postal codes; and each commune's town hall."""

from __future__ import annotations

from django.db import models
from django.utils.functional import cached_property

from allervers.territories.enums import CommuneKind

FRANCE = "france"
REGION_PREFIX = "R"
TOWN_HALL_SOURCE = "annuaire de l'administration, Service-Public.fr"
TOWN_HALL_SOURCE_URL = "https://lannuaire.service-public.fr/"
_VOWELS = set("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸaeiouy")


def of_place(name: str) -> str:
    """The French "de" before a commune's name, elided or contracted: de Belley, d'Oyonnax, du Poizat, des Neyrolles,
    de La Boisse, de L'Abergement-Clémenciat."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return contracted + name.removeprefix(article)
    return f"d'{name}" if name[:1] in _VOWELS else f"de {name}"


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

    @cached_property
    def public_town_hall(self) -> TownHall | None:
        """Its own town hall (a delegated commune's "mairie déléguée"), else that of the commune it belongs to."""
        ids = [self.pk, self.parent_id] if self.parent_id else [self.pk]
        halls = {
            hall.commune_id: hall for hall in TownHall.objects.filter(commune_id__in=ids).select_related("commune")
        }
        return halls.get(self.pk) or (halls.get(self.parent_id) if self.parent_id else None)

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


class TownHallQuerySet(models.QuerySet["TownHall"]):
    def with_contact(self) -> TownHallQuerySet:
        """Those a person can reach: a phone, an address, hours or an e-mail (a position alone is not a contact)."""
        return self.exclude(phone="", street="", opening_hours="", email="")


class TownHall(models.Model):
    """A commune's town hall (a delegated commune's "mairie déléguée", a district's "mairie d'arrondissement"), as
    the state's annuaire de l'administration (Service-Public.fr) describes it: the public contact point every commune
    has. Loaded from the shipped reference (allervers/territories/data/mairies.csv.gz); a value the source lacks or
    that did not read without doubt is empty, never guessed.
    """

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="town_hall", verbose_name="commune")
    street = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("localité", max_length=100, blank=True, help_text="Telle que l'annuaire l'écrit.")
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("courriel", blank=True)
    website = models.URLField("site internet", max_length=255, blank=True)
    opening_hours = models.CharField(
        "horaires d'ouverture", max_length=255, blank=True, help_text="Syntaxe OpenStreetMap opening_hours."
    )
    source = models.CharField("source", max_length=200, default=TOWN_HALL_SOURCE)
    source_date = models.DateField("date des données")

    objects = TownHallQuerySet.as_manager()

    class Meta:
        verbose_name = "mairie"
        ordering = ["commune__search_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """« Mairie de Belley », « Mairie d'Oyonnax », « Mairie déléguée de Treffort », « Mairie du Poizat »."""
        prefix = "Mairie déléguée" if self.commune.kind == CommuneKind.DELEGATED else "Mairie"
        return f"{prefix} {of_place(self.commune.name)}"

    @property
    def lower_name(self) -> str:
        """For the middle of a sentence: « Coordonnées de la mairie de Belley »."""
        return self.name[0].lower() + self.name[1:]

    @property
    def source_url(self) -> str:
        return TOWN_HALL_SOURCE_URL

    @property
    def locality(self) -> str:
        return self.city or self.commune.name

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.street or self.opening_hours or self.email)
