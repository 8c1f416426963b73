"""Mobile units (a minibus that tours the territory), their stops and the dates a stop is cancelled or moved."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from allervers.directory.models import Service, Structure
from allervers.network.enums import ExceptionKind
from allervers.network.recurrence import normalise_rrule, rule_dates, validate_rrule
from allervers.territories.models import Commune

if TYPE_CHECKING:
    from allervers.accounts.models import User


def managed_q(user: User, prefix: str = "") -> Q:
    """Members of the operating structure, and coordinators whose scope covers that structure's commune."""
    condition = Q(**{f"{prefix}structure__memberships__user": user})
    scope = user.coordinator_scope
    if scope is not None:
        condition |= scope.commune_filter(f"{prefix}structure__commune__")
    return condition


class MobileUnitQuerySet(models.QuerySet["MobileUnit"]):
    def published(self) -> MobileUnitQuerySet:
        return self.filter(is_published=True)

    def for_user(self, user: User) -> MobileUnitQuerySet:
        return self.filter(managed_q(user)).distinct()


class MobileUnit(models.Model):
    """A unit that goes to people: what it brings (directory services), where it may go, how to ask it to come.

    ``area_codes`` holds zone codes as data·inclusion's ``zone_eligibilite`` does (commune INSEE codes, EPCI SIREN,
    department codes). ``request_email`` is a professional address (the operator's), never a person's.
    """

    name = models.CharField("nom", max_length=150)
    slug = models.SlugField(
        "code", max_length=80, unique=True, help_text="Lettres, chiffres et tirets : bus-info-sante"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="mobile_units", verbose_name="structure qui l'exploite"
    )
    description = models.TextField("description", blank=True)
    services = models.ManyToManyField(
        Service, blank=True, related_name="mobile_units", verbose_name="services apportés"
    )
    area_codes = models.JSONField(
        "zone d'intervention",
        default=list,
        blank=True,
        help_text="Codes INSEE de communes, SIREN d'EPCI ou code du département, comme la zone d'éligibilité.",
    )
    request_contact = models.TextField(
        "comment demander un passage",
        blank=True,
        help_text="Par exemple : écoles, centres sociaux, foyers en font la demande par courriel.",
    )
    request_email = models.EmailField("courriel professionnel pour les demandes", blank=True)
    is_published = models.BooleanField("publiée", default=True)
    source = models.CharField("source", max_length=255, blank=True)
    source_url = models.URLField("adresse de la source", blank=True)
    source_date = models.DateField("date de la source", null=True, blank=True)
    is_demo = models.BooleanField("démonstration", default=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = MobileUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "unité mobile"
        verbose_name_plural = "unités mobiles"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:unit", args=[self.slug])


class StopQuerySet(models.QuerySet["Stop"]):
    def published(self) -> StopQuerySet:
        return self.filter(unit__is_published=True)

    def for_user(self, user: User) -> StopQuerySet:
        return self.filter(managed_q(user, "unit__")).distinct()

    def active_on(self, day: datetime.date) -> StopQuerySet:
        """Stops whose rule may still give a date on or after ``day`` (one-off stops: their own date), and those
        with a date moved to ``day`` or later (the last Tuesday moved past the stop's end)."""
        moved_later = models.Exists(
            StopException.objects.filter(stop=models.OuterRef("pk"), kind=ExceptionKind.MOVED, moved_to__gte=day)
        )
        running = (Q(until__isnull=True) | Q(until__gte=day)) & ~Q(rrule="", dtstart__lt=day)
        return self.filter(running | moved_later)


class Stop(models.Model):
    """A place and time where a unit stops: a recurring rule or a single date.

    ``rrule`` is an RFC 5545 RRULE without DTSTART or UNTIL (``FREQ=MONTHLY;BYDAY=2TU``), read by dateutil; the
    first date is ``dtstart`` and the last possible one ``until``. Times are wall-clock times in the deployment's
    time zone (Europe/Paris). An empty rule is a one-off stop on ``dtstart``: ``Stop.create_single(unit, commune,
    place, date, start, end)`` makes one, as an accepted visit request does.
    """

    unit = models.ForeignKey(MobileUnit, on_delete=models.CASCADE, related_name="stops", verbose_name="unité mobile")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune")
    place = models.CharField("lieu", max_length=200, help_text="Par exemple : place de la Mairie, parking du marché")
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    start_time = models.TimeField("heure de début")
    end_time = models.TimeField("heure de fin")
    rrule = models.CharField(
        "règle de récurrence (RFC 5545)",
        max_length=255,
        blank=True,
        validators=[validate_rrule],
        help_text="Par exemple FREQ=MONTHLY;BYDAY=2TU pour le 2e mardi du mois. Vide : passage unique.",
    )
    dtstart = models.DateField("premier passage")
    until = models.DateField("jusqu'au", null=True, blank=True)
    note = models.CharField("précision", max_length=255, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = StopQuerySet.as_manager()

    class Meta:
        verbose_name = "passage"
        ordering = ["unit", "dtstart", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="network_stop_times_order"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} — {self.place}, {self.commune.name}"

    def clean(self) -> None:
        self.rrule = normalise_rrule(self.rrule)
        errors: dict[str, str] = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "L'heure de fin doit être après l'heure de début."
        if self.until and self.dtstart and self.until < self.dtstart:
            errors["until"] = "La date de fin doit être après le premier passage."
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = "Indiquez la latitude et la longitude, ou aucune des deux."
        if errors:
            raise ValidationError(errors)

    @property
    def is_single(self) -> bool:
        return not self.rrule

    @property
    def point(self) -> tuple[float, float] | None:
        """The stop's own point, else its commune's."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        commune = self.commune.current
        if commune.latitude is not None and commune.longitude is not None:
            return commune.latitude, commune.longitude
        return None

    @classmethod
    def create_single(
        cls,
        unit: MobileUnit,
        commune: Commune,
        place: str,
        date: datetime.date,
        start: datetime.time,
        end: datetime.time,
        **fields: Any,
    ) -> Stop:
        """A one-off stop on ``date`` (an accepted visit request), validated like a stop typed in a form."""
        stop = cls(
            unit=unit, commune=commune, place=place, dtstart=date, until=date, start_time=start, end_time=end, **fields
        )
        stop.full_clean()
        stop.save()
        return stop

    def cancel(self, date: datetime.date, *, reason: str = "") -> StopException:
        """Cancel one date the stop gives, or the passage moved to that date (idempotent: a second call updates the
        reason)."""
        moved = self.exceptions.filter(kind=ExceptionKind.MOVED, moved_to=date).first()
        if moved is not None:
            date = moved.date
        elif date not in rule_dates(self, date, date):
            raise ValidationError("Ce passage n'a pas lieu à cette date.")
        exception, _ = StopException.objects.update_or_create(
            stop=self,
            date=date,
            defaults={
                "kind": ExceptionKind.CANCELLED,
                "reason": reason,
                "moved_to": None,
                "moved_start_time": None,
                "moved_end_time": None,
            },
        )
        return exception

    def move(
        self,
        date: datetime.date,
        *,
        to: datetime.date,
        start: datetime.time | None = None,
        end: datetime.time | None = None,
        reason: str = "",
    ) -> StopException:
        """Move one date the rule gives to another day (and other hours): the original date is dropped and the
        passage comes on ``to``. A one-off stop is moved by changing its date, not by an exception. Moving a date
        again replaces the first move; the new date may not fall on another passage of the stop (one still held)."""
        if self.is_single:
            raise ValidationError("Un passage unique se déplace en modifiant sa date.")
        if date not in rule_dates(self, date, date):
            raise ValidationError({"date": "Ce passage n'a pas lieu à cette date."})
        start, end = start or self.start_time, end or self.end_time
        errors: dict[str, str] = {}
        if to == date and (start, end) == (self.start_time, self.end_time):
            errors["moved_to"] = "Indiquez une autre date ou d'autres horaires que ceux du passage prévu."
        elif to != date and rule_dates(self, to, to) and not self.exceptions.filter(date=to).exists():
            errors["moved_to"] = f"Ce passage a déjà lieu le {to:%d/%m/%Y} : choisissez un autre jour."
        elif self.exceptions.filter(kind=ExceptionKind.MOVED, moved_to=to).exclude(date=date).exists():
            errors["moved_to"] = f"Un autre passage est déjà déplacé au {to:%d/%m/%Y}."
        if end <= start:
            errors["moved_end_time"] = "L'heure de fin doit être après l'heure de début."
        if errors:
            raise ValidationError(errors)
        exception, _ = StopException.objects.update_or_create(
            stop=self,
            date=date,
            defaults={
                "kind": ExceptionKind.MOVED,
                "reason": reason,
                "moved_to": to,
                "moved_start_time": start,
                "moved_end_time": end,
            },
        )
        return exception


class StopException(models.Model):
    """One date of a stop that does not happen as the rule says: cancelled (with an optional reason) or moved."""

    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="exceptions", verbose_name="passage")
    date = models.DateField("date prévue")
    kind = models.CharField("type", max_length=10, choices=ExceptionKind.choices, default=ExceptionKind.CANCELLED)
    reason = models.CharField("motif", max_length=200, blank=True)
    moved_to = models.DateField("nouvelle date", null=True, blank=True)
    moved_start_time = models.TimeField("nouvelle heure de début", null=True, blank=True)
    moved_end_time = models.TimeField("nouvelle heure de fin", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "exception de passage"
        verbose_name_plural = "exceptions de passage"
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["stop", "date"], name="network_stop_exception_unique")]

    def __str__(self) -> str:
        return f"{self.stop} — {self.date:%d/%m/%Y} ({self.get_kind_display()})"

    @property
    def is_moved(self) -> bool:
        return self.kind == ExceptionKind.MOVED

    def clean(self) -> None:
        if self.is_moved and self.moved_to is None:
            raise ValidationError({"moved_to": "Indiquez la nouvelle date du passage déplacé."})
        if not self.is_moved and self.moved_to is not None:
            raise ValidationError({"moved_to": "Une nouvelle date ne va qu'avec un passage déplacé."})
