"""Visit requests in the professional space: a structure's requests, a unit's requests by territory, one request's
page with its decisions, and the unit's month calendar (stops and accepted visits)."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from allervers.accounts.permissions import ProRequest
from allervers.common.exceptions import TransitionError
from allervers.directory.hours_text import DAY_NAMES, MONTH_NAMES
from allervers.directory.models import Structure
from allervers.network.models import MobileUnit, VisitRequest
from allervers.network.recurrence import Occurrence, occurrences
from allervers.network.request_enums import VisitStatus
from allervers.network.request_forms import MonthForm, OptionalReasonForm, ReasonForm, SlotForm, VisitRequestForm
from allervers.network.request_services import answer, send_request

NO_EPCI = "Communes hors intercommunalité"
OPERATOR, REQUESTER = "operator", "requester"


def _is_member(request: ProRequest, structure: Structure) -> bool:
    return request.user.membership_role(structure) is not None


def _has_structure(request: ProRequest) -> bool:
    return Structure.objects.filter(memberships__user=request.user).exists()


def request_list(request: ProRequest) -> HttpResponse:
    user = request.user
    sent = VisitRequest.objects.sent_by(user).with_parties().distinct()
    received = VisitRequest.objects.received_by(user).with_parties().distinct()
    epci = request.GET.get("territoire", "")
    by_territory: dict[str, list[VisitRequest]] = defaultdict(list)
    territories: set[tuple[str, str]] = set()
    for item in received:
        code = item.commune.epci_id or ""
        name = item.commune.epci.name if item.commune.epci else NO_EPCI
        territories.add((code, name))
        if not epci or epci == code:
            by_territory[name].append(item)
    units = MobileUnit.objects.for_user(user).order_by("name")
    context = {
        "sent": sent,
        "by_territory": sorted(by_territory.items()),
        "territories": sorted(territories, key=lambda pair: pair[1]),
        "territory": epci,
        "units": units,
        "can_request": _has_structure(request),
    }
    return render(request, "network/requests/list.html", context)


def request_create(request: ProRequest) -> HttpResponse:
    if not _has_structure(request):
        raise Http404("Seuls les membres d'une structure de l'annuaire peuvent demander un passage.")
    initial: dict[str, Any] = {}
    unit = MobileUnit.objects.published().filter(slug=request.GET.get("unite", "")).first()
    if unit is not None:
        initial["unit"] = unit
    form = VisitRequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        visit = send_request(form.save(commit=False), by=request.user)
        messages.success(request, f"Demande {visit.reference} envoyée : l'unité mobile est prévenue par courriel.")
        return redirect(visit)
    status = 400 if request.method == "POST" else 200
    return render(request, "network/requests/form.html", {"form": form}, status=status)


def request_detail(request: ProRequest, reference: str) -> HttpResponse:
    visit = get_object_or_404(VisitRequest.objects.for_user(request.user).with_parties(), reference=reference)
    return _detail(request, visit)


def _detail(
    request: ProRequest, visit: VisitRequest, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    is_operator = _is_member(request, visit.unit.structure)
    is_requester = _is_member(request, visit.structure)
    first = visit.wished_date_1
    slot = {"day": first, "start": visit.start_time, "end": visit.end_time}
    context = {
        "visit": visit,
        "events": visit.events.all(),
        "is_operator": is_operator,
        "is_requester": is_requester,
        "accept_form": SlotForm(initial=slot, prefix="accepter"),
        "propose_form": SlotForm(prefix="proposer"),
        "decline_form": ReasonForm(prefix="refuser"),
        "cancel_form": OptionalReasonForm(prefix="annuler"),
        "Status": VisitStatus,
        **(forms or {}),
    }
    return render(request, "network/requests/detail.html", context, status=status)


# URL action → (who may act, form, form's name in the page): an explicit table, nothing else is reachable.
ACTIONS: dict[str, tuple[str, Callable[..., Any] | None, str]] = {
    "accepter": (OPERATOR, SlotForm, "accept_form"),
    "proposer": (OPERATOR, SlotForm, "propose_form"),
    "refuser": (OPERATOR, ReasonForm, "decline_form"),
    "prendre-la-date": (REQUESTER, None, ""),
    "annuler": (REQUESTER, OptionalReasonForm, "cancel_form"),
}
DONE = {
    "accepter": "Demande acceptée : le passage est créé et la structure est prévenue.",
    "proposer": "Autre date proposée : la structure est prévenue.",
    "refuser": "Demande refusée : la structure est prévenue, avec le motif.",
    "prendre-la-date": "Date acceptée : le passage est créé et l'unité est prévenue.",
    "annuler": "Demande annulée : l'unité est prévenue.",
}


@require_POST
def request_action(request: ProRequest, reference: str, action: str) -> HttpResponse:
    visit = get_object_or_404(VisitRequest.objects.for_user(request.user).with_parties(), reference=reference)
    if action not in ACTIONS:
        raise Http404("Action inconnue.")
    side, form_class, name = ACTIONS[action]
    if not _is_member(request, visit.unit.structure if side == OPERATOR else visit.structure):
        raise Http404("Cette action revient à l'autre structure.")
    data: dict[str, Any] = {}
    if form_class is not None:
        form = form_class(request.POST, prefix=action)
        if not form.is_valid():
            return _detail(request, visit, {name: form}, status=400)
        data = form.cleaned_data
    try:
        answer(visit, action, by=request.user, **data)
    except TransitionError as error:
        messages.error(request, str(error))
    except ValidationError as error:  # a stop its own validation refuses
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, DONE[action])
    return redirect(visit)


# Calendar -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    passage: Occurrence
    visit: VisitRequest | None  # the accepted request the stop came from


@dataclass
class Day:
    date: datetime.date | None
    entries: list[Entry] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.date is None:
            return ""
        return f"{DAY_NAMES[self.date.weekday()]} {self.date.day} {MONTH_NAMES[self.date.month - 1]}"


def month_weeks(year: int, month: int, items: list[Occurrence], visits: dict[int, VisitRequest]) -> list[list[Day]]:
    """The month as weeks from Monday; days of the neighbouring months are empty cells."""
    by_date: dict[datetime.date, list[Entry]] = defaultdict(list)
    for item in sorted(items, key=lambda passage: passage.starts_at):
        by_date[item.date].append(Entry(item, visits.get(item.stop.pk or 0)))
    return [
        [Day(day, by_date.get(day, [])) if day.month == month else Day(None) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


def unit_calendar(request: ProRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(MobileUnit.objects.for_user(request.user), pk=pk)
    form = MonthForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "network/requests/calendar.html", {"unit": unit, "form": form}, status=400)
    today = timezone.localdate()
    text = form.cleaned_data.get("mois") if request.GET else ""
    year, month = (int(text[:4]), int(text[5:])) if text else (today.year, today.month)
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    passages: list[Occurrence] = []
    for stop in unit.stops.prefetch_related("exceptions").select_related("commune", "commune__parent"):
        passages += occurrences(stop, first, last, include_cancelled=True, exceptions=stop.exceptions.all())
    accepted = VisitRequest.objects.filter(unit=unit, status=VisitStatus.ACCEPTED, stop__isnull=False)
    visits = {item.stop_id: item for item in accepted.select_related("structure") if item.stop_id}
    pending = VisitRequest.objects.filter(unit=unit).open().select_related("commune").order_by("wished_date_1")
    context = {
        "unit": unit,
        "form": form,
        "title": f"{MONTH_NAMES[month - 1].capitalize()} {year}",
        "weeks": month_weeks(year, month, passages, visits),
        "days": DAY_NAMES,
        "previous": (first - datetime.timedelta(days=1)).strftime("%Y-%m"),
        "next": (last + datetime.timedelta(days=1)).strftime("%Y-%m"),
        "pending": pending,
    }
    return render(request, "network/requests/calendar.html", context)
