"""The operators' pages: their mobile units, a unit's stops, a cancelled or moved date. A unit is managed by the
members of its operating structure and by the coordinators whose territory holds that structure; for anyone else it
does not exist (404)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from allervers.accounts.permissions import ProRequest, services_for, structures_for
from allervers.network.forms import CancelForm, MoveForm, StopForm, UnitForm
from allervers.network.models import MobileUnit, Stop, StopException
from allervers.network.views.public import stop_rows

# The management page lists the cancelled and moved dates from this far back.
RECENT_CHANGES = datetime.timedelta(days=31)


def manage_list(request: ProRequest) -> HttpResponse:
    units = MobileUnit.objects.for_user(request.user).select_related("structure").annotate(stop_count=Count("stops"))
    can_create = structures_for(request.user).exists()
    return render(request, "network/manage/units.html", {"units": units, "can_create": can_create})


def _unit_form(request: ProRequest, unit: MobileUnit | None = None) -> UnitForm:
    return UnitForm(
        request.POST or None,
        instance=unit,
        structures=structures_for(request.user).order_by("name"),
        services=services_for(request.user).order_by("structure__name", "name"),
    )


@require_http_methods(["GET", "POST"])
def unit_create(request: ProRequest) -> HttpResponse:
    form = _unit_form(request)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        messages.success(request, "L'unité mobile est créée. Ajoutez-lui ses passages.")
        return redirect("network:manage-unit", pk=unit.pk)
    return render(request, "network/manage/form.html", {"form": form, "heading": "Nouvelle unité mobile"})


def _managed_unit(request: ProRequest, pk: int) -> MobileUnit:
    return get_object_or_404(MobileUnit.objects.for_user(request.user).select_related("structure"), pk=pk)


def manage_unit(request: ProRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    stops = list(unit.stops.select_related("commune").prefetch_related("exceptions"))
    rows = stop_rows(stops, timezone.localdate())
    ended = [stop for stop in stops if stop.pk not in {row[0].pk for row in rows}]
    changes = (
        StopException.objects.filter(stop__unit=unit, date__gte=timezone.localdate() - RECENT_CHANGES)
        .select_related("stop", "stop__commune")
        .order_by("date", "pk")
    )
    context = {"unit": unit, "rows": rows, "ended": ended, "services": unit.services.all(), "changes": changes}
    return render(request, "network/manage/unit.html", context)


@require_http_methods(["GET", "POST"])
def unit_edit(request: ProRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    form = _unit_form(request, unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "L'unité mobile est enregistrée.")
        return redirect("network:manage-unit", pk=unit.pk)
    context = {"form": form, "heading": f"Modifier « {unit.name} »", "unit": unit}
    return render(request, "network/manage/form.html", context)


@require_http_methods(["GET", "POST"])
def stop_create(request: ProRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    form = StopForm(request.POST or None, instance=Stop(unit=unit))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Le passage est enregistré : il paraît sur la page publique de l'unité.")
        return redirect("network:manage-unit", pk=unit.pk)
    context = {"form": form, "heading": f"Nouveau passage : {unit.name}", "unit": unit}
    return render(request, "network/manage/form.html", context)


def _managed_stop(request: ProRequest, pk: int) -> Stop:
    return get_object_or_404(Stop.objects.for_user(request.user).select_related("unit", "commune"), pk=pk)


@require_http_methods(["GET", "POST"])
def stop_edit(request: ProRequest, pk: int) -> HttpResponse:
    stop = _managed_stop(request, pk)
    form = StopForm(request.POST or None, instance=stop)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Le passage est enregistré.")
        return redirect("network:manage-unit", pk=stop.unit_id)
    context = {"form": form, "heading": f"Modifier le passage : {stop.place}, {stop.commune.name}", "unit": stop.unit}
    return render(request, "network/manage/form.html", context)


@require_http_methods(["GET", "POST"])
def stop_cancel(request: ProRequest, pk: int) -> HttpResponse:
    """Cancel one date of a stop; the public page and the feeds say so at once."""
    stop = _managed_stop(request, pk)
    form = CancelForm(request.POST or None, stop=stop, initial={"date": request.GET.get("date")})
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
        try:
            stop.cancel(day, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("date", error)
        else:
            messages.success(request, f"Le passage du {day:%d/%m/%Y} est annulé.")
            return redirect("network:manage-unit", pk=stop.unit_id)
    context = {"form": form, "heading": f"Annuler un passage : {stop.place}, {stop.commune.name}", "unit": stop.unit}
    return render(request, "network/manage/form.html", context)


@require_http_methods(["GET", "POST"])
def stop_move(request: ProRequest, pk: int) -> HttpResponse:
    """Move one date of a recurring stop (the Tuesday market held on Wednesday): the original date is dropped and
    the passage shows on its new day on the public page, in the search and in the feeds."""
    stop = _managed_stop(request, pk)
    if stop.is_single:
        messages.info(request, "Un passage unique se déplace en modifiant sa date.")
        return redirect("network:stop-edit", pk=stop.pk)
    today = timezone.localdate()
    form = MoveForm(request.POST or None, stop=stop, today=today, initial={"date": request.GET.get("date")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stop.move(
                data["date"],
                to=data["moved_to"],
                start=data["moved_start_time"],
                end=data["moved_end_time"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Le passage du {data['date']:%d/%m/%Y} est déplacé au {data['moved_to']:%d/%m/%Y}."
            )
            return redirect("network:manage-unit", pk=stop.unit_id)
    context = {"form": form, "heading": f"Déplacer un passage : {stop.place}, {stop.commune.name}", "unit": stop.unit}
    return render(request, "network/manage/form.html", context)
