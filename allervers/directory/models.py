"""Structures, services and helplines, shaped after the data·inclusion v1 schema plus our extension."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import Any, ClassVar, Self

from django.db import models, transaction
from django.db.models import DEFERRED, Q
from django.utils import timezone
from django.utils.text import slugify

from allervers.common.exceptions import TransitionError
from allervers.common.text import search_tokens
from allervers.directory import search_index
from allervers.directory.enums import ListingStatus, ModerationStatus, ServiceKind, TermKind
from allervers.directory.hours import is_open_at
from allervers.taxonomy import terms
from allervers.taxonomy.structure_types import StructureType
from allervers.territories.models import Commune

DEFAULT_SOURCE = "allervers"
# A listing nobody verified for this long is flagged to the public, then unpublished after a notice.
STALE_AFTER_MONTHS = 12
UNPUBLISH_AFTER_MONTHS = 13


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


@lru_cache(maxsize=20_000)
def _slug(name: str) -> str:
    # slugify (Unicode normalisation, two regular expressions) for each listing of each answer cost a tenth of
    # an API search; names repeat from one answer to the next.
    return slugify(name)[:80] or "fiche"


def _attname(field: models.Field[Any, Any] | models.ForeignObjectRel) -> str:
    return field.attname if isinstance(field, models.Field) else field.name


class Listing(models.Model):
    """What structures and services share: identity in a source, contacts, place, status and freshness."""

    source = models.CharField("source", max_length=100, default=DEFAULT_SOURCE)
    source_id = models.CharField("identifiant dans la source", max_length=200, blank=True)
    name = models.CharField("nom", max_length=150)
    description = models.TextField("description", blank=True)

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="commune"
    )
    address = models.CharField("adresse", max_length=255, blank=True)
    address_complement = models.CharField("complément d'adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    address_confidential = models.BooleanField(
        "adresse confidentielle",
        default=False,
        help_text="L'adresse n'est montrée qu'aux professionnels habilités (lieu de mise à l'abri, par exemple).",
    )

    phone = models.CharField("téléphone public", max_length=20, blank=True)
    email = models.EmailField("courriel public", blank=True)
    website = models.URLField("site internet", blank=True)
    phone_pro = models.CharField("ligne directe réservée aux professionnels", max_length=20, blank=True)
    email_pro = models.EmailField("courriel réservé aux professionnels", blank=True)
    opening_hours = models.CharField(
        "horaires d'accueil",
        max_length=500,
        blank=True,
        help_text="Format OpenStreetMap, par ex. Mo-Fr 09:00-12:00",
    )
    accessibility_url = models.URLField("fiche acceslibre", blank=True)

    status = models.CharField("statut", max_length=10, choices=ListingStatus.choices, default=ListingStatus.DRAFT)
    suspended_until = models.DateField("suspendu jusqu'au", null=True, blank=True)
    verified_at = models.DateTimeField("vérifié le", null=True, blank=True)
    verified_by = models.CharField("vérifié par", max_length=150, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    # The attnames whose values the derived rows are made of (search_index): a save that changes none of them
    # leaves those rows alone. Their values as loaded are kept (from_db) and compared on save.
    INDEXED: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any) -> Self:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance.remember_indexed()
        return instance

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        if not args and kwargs.get("fields") is None:  # every loaded field now holds the database's value
            self.remember_indexed()

    def remember_indexed(self) -> None:
        """Keep the indexed values as the database holds them (lists copied: an in-place change is a change)."""
        data = self.__dict__
        data["_indexed"] = tuple(
            value[:] if type(value) is list else value for value in (data.get(name, DEFERRED) for name in self.INDEXED)
        )

    def indexed_changes(self, update_fields: Iterable[str] | None = None) -> set[str]:
        """The indexed attnames a save (of `update_fields` only, when given) changes: all of them for an object
        not loaded from the database, whose derived rows are unknown."""
        data = self.__dict__
        loaded = data.get("_indexed")
        names = self.INDEXED
        if update_fields is not None:
            saved = {_attname(self._meta.get_field(name)) for name in update_fields}
            names = tuple(name if name in saved else "" for name in names)
        if loaded is None or self._state.adding:
            return {name for name in names if name}
        return {name for name, old in zip(names, loaded, strict=True) if name and data.get(name, DEFERRED) != old}

    @property
    def slug(self) -> str:
        return _slug(self.name)

    def is_visible_on(self, day: datetime.date) -> bool:
        if self.status == ListingStatus.PUBLISHED:
            return True
        return (
            self.status == ListingStatus.SUSPENDED and self.suspended_until is not None and self.suspended_until < day
        )

    def is_open_at(self, moment: datetime.datetime) -> bool | None:
        return is_open_at(self.opening_hours, moment)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    # Freshness ------------------------------------------------------------------------------------------------
    @property
    def last_verified_on(self) -> datetime.date:
        return timezone.localdate(self.verified_at or self.created_at)

    @property
    def is_stale(self) -> bool:
        return add_months(self.last_verified_on, STALE_AFTER_MONTHS) <= timezone.localdate()

    # Transitions ----------------------------------------------------------------------------------------------
    def verify(self, *, by: str) -> None:
        """« C'est à jour » : a person checked the listing today (an archived listing is no longer followed)."""
        if self.status == ListingStatus.ARCHIVED:
            raise TransitionError("Cette fiche est archivée : publiez-la de nouveau avant de la marquer à jour.")
        self.verified_at, self.verified_by = timezone.now(), by
        self.save(update_fields=["verified_at", "verified_by", "updated_at"])

    def publish(self) -> None:
        if self.status == ListingStatus.PUBLISHED:
            raise TransitionError("Cette fiche est déjà publiée.")
        self.status, self.suspended_until = ListingStatus.PUBLISHED, None
        self.save(update_fields=["status", "suspended_until", "updated_at"])

    def suspend(self, *, until: datetime.date) -> None:
        if self.status not in {ListingStatus.PUBLISHED, ListingStatus.SUSPENDED}:
            raise TransitionError("Seule une fiche publiée peut être suspendue.")
        if until <= timezone.localdate():
            raise TransitionError("La date de reprise doit être dans le futur.")
        self.status, self.suspended_until = ListingStatus.SUSPENDED, until
        self.save(update_fields=["status", "suspended_until", "updated_at"])

    def archive(self) -> None:
        if self.status == ListingStatus.ARCHIVED:
            raise TransitionError("Cette fiche est déjà archivée.")
        self.status = ListingStatus.ARCHIVED
        self.save(update_fields=["status", "updated_at"])

    def unpublish(self) -> None:
        if self.status not in {ListingStatus.PUBLISHED, ListingStatus.SUSPENDED}:
            raise TransitionError("Cette fiche n'est pas publiée.")
        self.status = ListingStatus.DRAFT
        self.save(update_fields=["status", "updated_at"])


def visible_q(prefix: str = "", day: datetime.date | None = None) -> Q:
    """Published, or suspended until a date already past."""
    day = day or timezone.localdate()
    return Q(**{f"{prefix}status": ListingStatus.PUBLISHED}) | Q(
        **{f"{prefix}status": ListingStatus.SUSPENDED, f"{prefix}suspended_until__lt": day}
    )


class StructureQuerySet(models.QuerySet["Structure"]):
    def visible(self, day: datetime.date | None = None) -> StructureQuerySet:
        return self.filter(visible_q(day=day))


class Structure(Listing):
    siret = models.CharField("SIRET", max_length=14, blank=True, db_index=True)
    structure_type = models.CharField(
        "type de structure", max_length=40, choices=StructureType.choices, default=StructureType.AUTRE
    )
    reseaux_porteurs = models.JSONField("réseaux porteurs", default=list, blank=True)
    moderation_status = models.CharField(
        "modération", max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.APPROVED
    )

    objects = StructureQuerySet.as_manager()
    # Its services are listed only while it is: their search rows follow its status; their search text holds its name.
    INDEXED = ("status", "suspended_until", "name")

    class Meta:
        verbose_name = "structure"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~Q(source_id=""), name="structure_source_id_unique"
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        changes = set() if self.pk is None else self.indexed_changes(kwargs.get("update_fields"))
        if not changes:  # nothing indexed changed, or a new structure, which has no services yet
            super().save(*args, **kwargs)
        else:
            with transaction.atomic(using=kwargs.get("using"), savepoint=False):
                super().save(*args, **kwargs)
                search_index.refresh_structures([self.pk], renamed="name" in changes)
        self.remember_indexed()

    @property
    def reseaux_labels(self) -> list[str]:
        return terms.labels(self.reseaux_porteurs, terms.reseaux_porteurs())

    @property
    def is_established(self) -> bool:
        """A structure a coordinator has approved: its changes publish at once."""
        return self.moderation_status == ModerationStatus.APPROVED

    def approve(self) -> None:
        """Moderation: publish a new structure and the services it prepared."""
        if self.moderation_status == ModerationStatus.APPROVED:
            raise TransitionError("Cette structure est déjà validée.")
        self.moderation_status, self.status = ModerationStatus.APPROVED, ListingStatus.PUBLISHED
        self.save(update_fields=["moderation_status", "status", "updated_at"])
        for service in self.services.filter(status=ListingStatus.DRAFT):
            service.publish()

    def reject(self) -> None:
        if self.moderation_status != ModerationStatus.PENDING:
            raise TransitionError("Seule une demande en attente peut être refusée.")
        self.moderation_status, self.status = ModerationStatus.REJECTED, ListingStatus.ARCHIVED
        self.save(update_fields=["moderation_status", "status", "updated_at"])


class ServiceQuerySet(models.QuerySet["Service"]):
    def visible(self, day: datetime.date | None = None) -> ServiceQuerySet:
        return self.filter(visible_q(day=day)).filter(visible_q("structure__", day))

    def helplines(self) -> ServiceQuerySet:
        return self.filter(kind=ServiceKind.HELPLINE)

    def with_thematiques(self, codes: list[str]) -> ServiceQuerySet:
        return self.filter(id__in=ServiceTerm.objects.matching(TermKind.THEMATIQUE, codes))


class Service(Listing):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField("nature", max_length=10, choices=ServiceKind.choices, default=ServiceKind.SERVICE)
    service_type = models.CharField("type de service", max_length=30, blank=True)
    thematiques = models.JSONField("thématiques", default=list, blank=True)
    publics = models.JSONField("publics", default=list, blank=True)
    publics_precisions = models.TextField("précisions sur les publics", blank=True)
    modes_accueil = models.JSONField("modes d'accueil", default=list, blank=True)
    frais = models.CharField("frais", max_length=20, blank=True)
    frais_precisions = models.TextField("précisions sur les frais", blank=True)
    conditions_acces = models.TextField("conditions d'accès", blank=True)
    modes_mobilisation = models.JSONField("modes de mobilisation", default=list, blank=True)
    mobilisable_par = models.JSONField("mobilisable par", default=list, blank=True)
    mobilisation_precisions = models.TextField("précisions sur la mobilisation", blank=True)
    lien_mobilisation = models.URLField("lien de mobilisation", blank=True)
    zone_eligibilite = models.JSONField("zone d'intervention", default=list, blank=True)
    languages = models.JSONField("langues", default=list, blank=True)
    always_open = models.BooleanField("ouvert 24 h/24, 7 j/7", default=False)
    channels = models.JSONField(
        "canaux de contact",
        default=list,
        blank=True,
        help_text="Liste de canaux : {kind: phone|sms|chat|web|video, value, label}",
    )
    update_frequency_months = models.PositiveSmallIntegerField("fréquence de mise à jour (mois)", default=6)
    # Derived columns, recomputed by a save that changes what they are made of (see refresh_derived).
    on_site = models.BooleanField("accueil sur place", default=False, editable=False)
    search_text = models.TextField("index de recherche", blank=True, editable=False)

    objects = ServiceQuerySet.as_manager()
    # What refresh_derived, the terms and the search rows read (search_index.Source), the structure's own
    # fields aside (Structure.INDEXED).
    INDEXED = (
        "name",
        "description",
        "commune_id",
        "latitude",
        "longitude",
        "address_confidential",
        "status",
        "suspended_until",
        "structure_id",
        "kind",
        "thematiques",
        "publics",
        "publics_precisions",
        "modes_accueil",
        "frais",
        "zone_eligibilite",
        "always_open",
        "opening_hours",
        "phone",
        "channels",
        "on_site",
        "search_text",
    )
    DERIVED: ClassVar[tuple[str, ...]] = ("on_site", "search_text", "latitude", "longitude")

    class Meta:
        verbose_name = "service"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~Q(source_id=""), name="service_source_id_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "kind"], name="service_status_kind")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, and rewrite the derived columns and rows (search_index) if what they are made of changed."""
        update_fields = kwargs.get("update_fields")
        if not self.indexed_changes(update_fields):
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "updated_at"}
            super().save(*args, **kwargs)
            return
        created = self.pk is None
        self.refresh_derived()
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.DERIVED, "updated_at"}
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)
            search_index.save_services([self], fresh=created)
        self.remember_indexed()

    def publish(self) -> None:
        """A service is listed only once its structure is: a new structure waits for the coordination's validation."""
        if not self.structure.is_established:
            raise TransitionError("La structure attend la validation de la coordination.")
        super().publish()

    @property
    def is_helpline(self) -> bool:
        return self.kind == ServiceKind.HELPLINE

    @property
    def is_free(self) -> bool:
        return self.frais == "gratuit"

    @property
    def is_national(self) -> bool:
        return "france" in self.zone_eligibilite

    @property
    def thematique_labels(self) -> list[str]:
        return terms.labels(self.thematiques, terms.thematiques())

    @property
    def public_labels(self) -> list[str]:
        return terms.labels(self.publics, terms.publics())

    @property
    def mode_labels(self) -> list[str]:
        return terms.labels(self.modes_accueil, terms.modes_accueil())

    def is_open_at(self, moment: datetime.datetime) -> bool | None:
        if self.always_open:
            return True
        return is_open_at(self.opening_hours, moment)

    def channel_numbers(self) -> set[str]:
        return {channel["value"] for channel in self.channels if channel.get("kind") in {"phone", "sms"}}

    def refresh_derived(self) -> None:
        if self.address_confidential and self.commune is not None:
            # A shelter's point must not be deducible from distances: keep only its commune's point.
            place = self.commune if self.commune.latitude is not None else self.commune.current
            self.latitude, self.longitude = place.latitude, place.longitude
        self.on_site = terms.ON_SITE in self.modes_accueil and self.has_point
        text = " ".join(
            [
                self.name,
                self.description,
                self.structure.name,
                " ".join(self.thematique_labels),
                " ".join(self.public_labels),
                self.publics_precisions,
            ]
        )
        self.search_text = " " + " ".join(search_tokens(text)) + " "

    def term_pairs(self) -> list[tuple[str, str]]:
        """(kind, code) of every indexed term of this service: what its ServiceTerm rows hold."""
        thematiques = search_index.thematiques_with_parents(self.thematiques)
        return search_index.term_pairs(self.zone_eligibilite, thematiques, self.publics, self.modes_accueil, self.frais)


class ServiceTermQuerySet(models.QuerySet["ServiceTerm"]):
    def matching(self, kind: str, codes: list[str]) -> models.QuerySet[Any]:
        return self.filter(kind=kind, code__in=codes).values("service_id")


class ServiceTerm(models.Model):
    """One (kind, code) of a service, so that filters and zone matching are indexed lookups on both databases.

    Derived data, written by search_index only (search_index.TERM_TABLE)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="terms")
    kind = models.CharField(max_length=12, choices=TermKind.choices)
    code = models.CharField(max_length=120)

    objects = ServiceTermQuerySet.as_manager()

    class Meta:
        verbose_name = "terme indexé"
        indexes = [models.Index(fields=["kind", "code", "service"], name="serviceterm_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


# Models of the directory's upkeep live in their own module; importing them here registers them with the app.
from allervers.directory.search_index import SearchEntry, SearchListing  # noqa: E402,F401
from allervers.directory.tracking import ErrorReport, ListingChange, Reminder  # noqa: E402,F401
