"""The demo of the visit requests: a social centre asks the demonstration unit to come twice; one request is accepted
(a one-off stop is created), the other declined with a reason.

No real social centre is named: the requester is « Centre social de démonstration », a structure flagged `is_demo`
and left in draft, so it is never listed in the public directory; it sits in Oyonnax, a real commune of the unit's
area (Haut-Bugey Agglomération). Dates are relative to the day of loading. Safe to re-run: the structure is found by
its source id, the requests by their demo flag and place; nothing else is touched (demo/SOURCES_requests.md).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from allervers.directory.enums import ListingStatus
from allervers.directory.models import Structure
from allervers.network.models import MobileUnit, VisitEvent, VisitRequest
from allervers.network.request_enums import RequesterKind, VisitAction, VisitStatus
from allervers.network.units_demo import SLUG as UNIT_SLUG
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune

SOURCE, SOURCE_ID = "demo-network", "centre-social-demonstration"
OYONNAX = "01283"
ACCEPTED_PLACE = "parking du centre social (lieu de démonstration)"
DECLINED_PLACE = "salle polyvalente (lieu de démonstration)"
THEME = "aide-aux-victimes--violences-conjugales"
DEMO_ACTOR = "démonstration"


class DemoRequestsError(Exception):
    pass


@dataclass
class Report:
    requests: int = 0
    accepted: int = 0
    declined: int = 0


def _social_centre() -> Structure:
    commune = Commune.objects.get(code=OYONNAX, kind=CommuneKind.COMMUNE)
    structure, _ = Structure.objects.update_or_create(
        source=SOURCE,
        source_id=SOURCE_ID,
        defaults={
            "name": "Centre social de démonstration",
            "description": "Structure fictive de démonstration, qui demande des passages de l'unité mobile.",
            "commune": commune,
            "status": ListingStatus.DRAFT,
            "is_demo": True,
        },
    )
    return structure


def _weekday(day: datetime.date) -> datetime.date:
    """The first working day from `day`: a social centre's group meets on a weekday."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _request(unit: MobileUnit, structure: Structure, place: str, days: int, **fields: object) -> VisitRequest:
    today = timezone.localdate()
    assert structure.commune is not None
    visit = VisitRequest.objects.filter(unit=unit, structure=structure, place=place, is_demo=True).first()
    if visit is not None:
        if visit.stop is not None:
            visit.stop.delete()
        visit.delete()
    visit = VisitRequest.objects.create(
        unit=unit,
        structure=structure,
        requester_kind=RequesterKind.SOCIAL_CENTRE,
        public="femmes",
        public_details="groupe de parole du centre social (démonstration)",
        theme=THEME,
        commune=structure.commune,
        place=place,
        wished_date_1=_weekday(today + datetime.timedelta(days=days)),
        wished_date_2=_weekday(today + datetime.timedelta(days=days + 7)),
        start_time=datetime.time(14),
        end_time=datetime.time(16, 30),
        is_demo=True,
        **fields,
    )
    VisitEvent.objects.create(request=visit, actor_label=DEMO_ACTOR, action=VisitAction.SENT)
    return visit


@transaction.atomic
def load_requests_demo() -> Report:
    unit = MobileUnit.objects.filter(slug=UNIT_SLUG).select_related("structure").first()
    if unit is None:
        raise DemoRequestsError("L'unité mobile de démonstration est absente : lancez d'abord load-network-demo.")
    structure = _social_centre()
    report = Report()
    accepted = _request(unit, structure, ACCEPTED_PLACE, 18, expected_attendance=12)
    day = accepted.wished_date_2
    assert day is not None
    accepted.accept(by=None, day=day, start=datetime.time(14), end=datetime.time(16, 30))
    VisitEvent.objects.filter(request=accepted).update(actor_label=DEMO_ACTOR)
    declined = _request(unit, structure, DECLINED_PLACE, 25, expected_attendance=30)
    declined.decline(by=None, reason="Démonstration : l'unité est déjà engagée dans le Pays de Gex à ces dates.")
    VisitEvent.objects.filter(request=declined).update(actor_label=DEMO_ACTOR)
    report.requests = VisitRequest.objects.filter(structure=structure, is_demo=True).count()
    report.accepted = VisitRequest.objects.filter(structure=structure, status=VisitStatus.ACCEPTED).count()
    report.declined = VisitRequest.objects.filter(structure=structure, status=VisitStatus.DECLINED).count()
    return report
