"""Public pages of the mobile units: the list, a page per unit (its next passages) and the iCalendar feeds."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from allervers.network import feeds
from allervers.network.models import MobileUnit, Stop
from allervers.network.recurrence import Occurrence, upcoming
from allervers.network.wording import describe_stop
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune

# A feed keeps the stops that ended in the last months, so a calendar still shows them.
FEED_PAST_DAYS = 92
NEXT_PASSAGES = 4


def _units() -> QuerySet[MobileUnit]:
    """Published units with their services and stops (each stop with its commune and exceptions)."""
    stops = Stop.objects.select_related("commune").prefetch_related("exceptions").order_by("commune__name", "pk")
    return (
        MobileUnit.objects.published()
        .select_related("structure")
        .prefetch_related("services", Prefetch("stops", queryset=stops))
    )


def stop_rows(stops: list[Stop], today: datetime.date) -> list[tuple[Stop, str, list[Occurrence]]]:
    """Each stop with its rule in French and its next passages (cancelled ones flagged); ended stops left out."""
    rows = []
    for stop in stops:
        passages = upcoming(stop, today, count=NEXT_PASSAGES)
        if passages:
            rows.append((stop, describe_stop(stop.rrule, stop.dtstart, stop.start_time, stop.end_time), passages))
    rows.sort(key=lambda row: row[2][0].starts_at)
    return rows


@login_not_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    units = _units()
    items = [(unit, stop_rows(list(unit.stops.all()), today)) for unit in units]
    return render(request, "network/units.html", {"items": items})


@login_not_required
@require_GET
def unit_page(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_object_or_404(_units(), slug=slug)
    rows = stop_rows(list(unit.stops.all()), timezone.localdate())
    return render(request, "network/unit.html", {"unit": unit, "rows": rows})


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


@login_not_required
@require_GET
def unit_ics(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_object_or_404(MobileUnit.objects.published(), slug=slug)
    since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
    return _ics(feeds.unit_feed(unit, since), unit.slug)


@login_not_required
@require_GET
def commune_ics(request: HttpRequest, code: str) -> HttpResponse:
    commune = Commune.objects.filter(code=code, kind=CommuneKind.COMMUNE).first()
    if commune is None:
        raise Http404("Aucune commune ne porte ce code INSEE.")
    since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
    stops = feeds.feed_stops(since).filter(commune__in=[commune.pk, *commune.children.values_list("pk", flat=True)])
    return _ics(feeds.calendar(f"Unités mobiles à {commune.name}", stops), f"unites-mobiles-{commune.code}")
