"""The public agenda: upcoming open sessions and awareness events, filtered by commune, EPCI and public, and its
iCalendar feed (the `icalendar` library, times in Europe/Paris).

A cancelled session or event leaves the agenda page but stays in the feed, as STATUS:CANCELLED (RFC 5545), until
its date: a calendar that subscribed to the feed then shows it cancelled instead of keeping a stale copy."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from allervers.outreach.enums import Audience
from allervers.outreach.models import AwarenessEvent, Session
from allervers.territories.models import EPCI, Commune

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # "session" or "event"
    pk: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    where: str
    commune: Commune | None
    audience: str
    audience_label: str
    organiser: str
    description: str
    open: bool
    cancelled: bool = False


def upcoming(
    *,
    commune: Commune | None = None,
    epci: EPCI | None = None,
    public: str = "",
    now: datetime.datetime | None = None,
    with_cancelled: bool = False,
) -> list[AgendaItem]:
    now = now or timezone.now()
    department = settings.ALLERVERS_DEPARTMENT_CODE
    sessions = Session.objects.upcoming(now).in_department(department).select_related("offer__organiser", "commune")
    if not with_cancelled:
        sessions = sessions.not_cancelled()
    events = AwarenessEvent.objects.upcoming(now).filter(commune__department_id=department)
    events = events.select_related("offer__organiser", "commune")
    if not with_cancelled:
        events = events.not_cancelled()
    if commune is not None:
        sessions = sessions.filter(commune=commune)
        events = events.filter(commune=commune)
    if epci is not None:
        sessions = sessions.filter(Q(commune__epci=epci))
        events = events.filter(commune__epci=epci)
    items: list[AgendaItem] = []
    labels = dict(Audience.choices)
    if public in ("", Audience.PROFESSIONALS):
        items += [
            AgendaItem(
                "session",
                s.pk,
                s.offer.title,
                s.starts_at,
                s.ends_at,
                s.where,
                s.commune,
                Audience.PROFESSIONALS,
                labels[Audience.PROFESSIONALS],
                s.offer.organiser.name,
                s.offer.objectives,
                now <= s.registration_deadline and s.cancelled_at is None,
                s.cancelled_at is not None,
            )
            for s in sessions
        ]
    if public != Audience.PROFESSIONALS:
        if public:
            events = events.filter(audience=public)
        items += [
            AgendaItem(
                "event",
                e.pk,
                e.title,
                e.starts_at,
                e.ends_at,
                e.where,
                e.commune,
                e.audience,
                e.get_audience_display(),
                e.offer.organiser.name,
                e.description,
                e.cancelled_at is None,
                e.cancelled_at is not None,
            )
            for e in events
        ]
    return sorted(items, key=lambda item: (item.starts_at, item.kind, item.pk))


def ics(items: list[AgendaItem], *, base_url: str) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.ALLERVERS_PLATFORM_NAME}//Agenda des formations et actions//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.ALLERVERS_PLATFORM_NAME} : formations et sensibilisation")
    calendar.add("x-wr-timezone", "Europe/Paris")
    host = base_url.split("//", 1)[-1].split("/", 1)[0]
    for item in items:
        event = Event()
        event.add("uid", f"{item.kind}-{item.pk}@{host}")
        event.add("summary", f"Annulé : {item.title}" if item.cancelled else item.title)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("dtstart", item.starts_at.astimezone(PARIS))
        event.add("dtend", item.ends_at.astimezone(PARIS))
        event.add("dtstamp", timezone.now())
        if item.where:
            event.add("location", item.where)
        path = f"/agenda/{'sessions' if item.kind == 'session' else 'actions'}/{item.pk}/"
        event.add("url", base_url.rstrip("/") + path)
        event.add("description", f"{item.audience_label} — {item.organiser}\n{item.description}".strip())
        calendar.add_component(event)
    return bytes(calendar.to_ical())
