"""Indicators: a definition and dated values, typed by hand or computed from the platform."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils import timezone

from allervers.common.text import french_number
from allervers.plan.enums import Frequency
from allervers.plan.models.fiches import FicheAction
from allervers.plan.models.plan import Plan, PlanPartQuerySet


class IndicatorQuerySet(PlanPartQuerySet["Indicator"]):
    plan_path = "plan"


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name="plan")
    fiche = models.ForeignKey(
        FicheAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="fiche action",
    )
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("définition", blank=True)
    unit = models.CharField("unité", max_length=50, blank=True, help_text="Par exemple : structures, communes, %")
    baseline = models.DecimalField("valeur de référence", max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField("valeur cible", max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.CharField("source", max_length=200, blank=True)
    frequency = models.CharField("fréquence", max_length=12, choices=Frequency.choices, default=Frequency.YEARLY)
    automatic_source = models.CharField(
        "calcul automatique",
        max_length=60,
        blank=True,
        help_text="Laisser vide pour un indicateur saisi à la main.",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_automatic(self) -> bool:
        return bool(self.automatic_source)

    @property
    def automatic_label(self) -> str:
        from allervers.plan.indicators import get_source

        source = get_source(self.automatic_source)
        return source.label if source else ""

    def latest_values(self) -> list[IndicatorValue]:
        """The values of the latest date: one for a plain indicator, one per category for a breakdown."""
        values = list(self.values.all())
        if not values:
            return []
        last = max(value.measured_on for value in values)
        return [value for value in values if value.measured_on == last]

    def refresh(self, *, day: datetime.date | None = None) -> int:
        """Compute today's values from the platform (automatic indicators); returns how many were stored."""
        from allervers.plan.indicators import get_source

        source = get_source(self.automatic_source)
        if source is None:
            return 0
        day = day or timezone.localdate()
        measures = source.compute(self.plan)
        with transaction.atomic():
            self.values.filter(measured_on=day).delete()
            IndicatorValue.objects.bulk_create(
                IndicatorValue(
                    indicator=self, measured_on=day, category=m.category, value=m.value, comment=source.label
                )
                for m in measures
            )
        return len(measures)


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField("date de mesure")
    category = models.CharField(
        "catégorie", max_length=200, blank=True, help_text="Pour une répartition : EPCI, thématique…"
    )
    value = models.DecimalField("valeur mesurée", max_digits=12, decimal_places=2)
    target = models.DecimalField("cible à cette date", max_digits=12, decimal_places=2, null=True, blank=True)
    comment = models.CharField("commentaire", max_length=255, blank=True)

    class Meta:
        verbose_name = "valeur d'indicateur"
        ordering = ["measured_on", "category", "pk"]

    def __str__(self) -> str:
        return f"{self.measured_on:%d/%m/%Y} {self.category} : {self.value}"

    @property
    def display_value(self) -> str:
        return french_number(self.value)
