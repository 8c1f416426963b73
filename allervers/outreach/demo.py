"""The demo of the outreach module: the seed's actions as offers, with sessions and events in Ain communes.

Organisers are looked up in the demo directory (source "demo-ain"), fiches in the demo plan by their number.
Registrants are synthetic (invented names, addresses under .invalid, which no e-mail can reach). Dates are relative
to the day of loading, so that the agenda always has upcoming entries. Safe to re-run: the demo offers are found
again by title and organiser, and their sessions, events and registrations are replaced.
See demo/SOURCES.md for where each offer comes from.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from allervers.directory.models import Structure
from allervers.outreach.enums import Attendance, Audience, Format, OfferKind, Profession, RegistrationStatus, Topic
from allervers.outreach.models import AwarenessEvent, Offer, Registration, Session
from allervers.outreach.models.registrations import new_reference
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune

SOURCE = "demo-ain"
P = Profession

OFFERS: list[dict[str, Any]] = [
    {
        "key": "cidff",
        "title": "Journée de sensibilisation aux violences conjugales",
        "organiser": "cidff-ain",
        "topic": Topic.DOMESTIC_VIOLENCE,
        "targets": [
            P.MUNICIPAL_RECEPTION,
            P.MUNICIPAL_POLICE,
            P.NURSERY_STAFF,
            P.DEPARTMENT_SOCIAL_WORKER,
            P.SOCIAL_CENTRE,
            P.SCHOOL_SOCIAL_WORKER,
            P.SOCIAL_HOUSING,
        ],
        "hours": 7,
        "objectives": "Repérer les violences conjugales et leur complexité, et orienter vers les services compétents.",
        "fiches": ["2.1.3"],
    },
    {
        "key": "cnfpt",
        "title": "Accueillir et orienter une victime de violences : module pour les agents d'accueil des mairies",
        "organiser": "departement-ain",
        "partner": "CNFPT",
        "topic": Topic.DOMESTIC_VIOLENCE,
        "targets": [P.MUNICIPAL_RECEPTION, P.TERRITORIAL_AGENT],
        "hours": 3.5,
        "objectives": "Améliorer le repérage et l'orientation vers les services compétents.",
        "fiches": ["2.1.3"],
    },
    {
        "key": "market",
        "kind": OfferKind.AWARENESS,
        "title": "Sensibilisation des personnes âgées sur les marchés",
        "organiser": "ggd-ain",
        "topic": Topic.OLDER_PEOPLE,
        "targets": [],
        "hours": 3,
        "objectives": "Informer les personnes âgées sur les actes dont elles peuvent être victimes.",
        "fiches": ["2.1.2"],
    },
    {
        "key": "complaint",
        "title": "Accueil des victimes et prise de plainte",
        "organiser": "ggd-ain",
        "partner": "AVEMA 01 (France Victimes)",
        "topic": Topic.COMPLAINT,
        "targets": [P.SECURITY_FORCES],
        "hours": 7,
        "objectives": "Améliorer l'accueil en brigade et en commissariat et la prise de plainte.",
        "fiches": ["2.1.3"],
    },
]

# Sessions: offer key, days from today, hour, commune INSEE code, place (a structure's name when it exists), capacity.
SESSIONS = [
    ("cidff", -45, 9, "01053", "", 20),
    ("cidff", 21, 9, "01283", "", 20),
    ("cnfpt", 14, 14, "01034", "", 12),
    ("complaint", 30, 9, "01053", "Groupement de gendarmerie départementale de l'Ain", 15),
]
EVENTS = [
    ("market", 10, 8, "01034", "Marché", Audience.OLDER_PEOPLE),
    ("market", -20, 8, "01283", "Marché", Audience.OLDER_PEOPLE),
]
# Synthetic attendees of the past CIDFF day: first name, last name, profession, commune of work, attendance.
ATTENDEES = [
    ("Alix", "Fictivier", P.MUNICIPAL_RECEPTION, "01053", Attendance.PRESENT),
    ("Noa", "Exemplet", P.NURSERY_STAFF, "01053", Attendance.PRESENT),
    ("Sacha", "Démonstre", P.MUNICIPAL_POLICE, "01283", Attendance.PRESENT),
    ("Lou", "Inventé", P.SOCIAL_CENTRE, "01034", Attendance.PRESENT),
    ("Eden", "Factice", P.SCHOOL_SOCIAL_WORKER, "01053", Attendance.EXCUSED),
    ("Maé", "Supposé", P.SOCIAL_HOUSING, "01283", Attendance.ABSENT),
]


class DemoOutreachError(Exception):
    pass


@dataclass
class DemoReport:
    offers: int
    sessions: int
    events: int
    registrations: int
    indicators: int


def _commune(code: str) -> Commune:
    found = Commune.objects.filter(code=code, kind=CommuneKind.COMMUNE).first()
    if found is None:
        raise DemoOutreachError(f"Commune {code} absente (lancez d'abord « load-territories »).")
    return found


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_outreach_demo() -> DemoReport:
    wanted = {raw["organiser"] for raw in OFFERS}
    structures = {s.source_id: s for s in Structure.objects.filter(source=SOURCE, source_id__in=wanted)}
    missing = sorted(wanted - set(structures))
    if missing:
        raise DemoOutreachError(
            f"Structures de démonstration introuvables : {', '.join(missing)} (lancez « load-demo »)."
        )
    with transaction.atomic():
        offers = {raw["key"]: _offer(raw, structures[raw["organiser"]]) for raw in OFFERS}
        sessions = [
            _session(offers[key], days, hour, code, place, cap) for key, days, hour, code, place, cap in SESSIONS
        ]
        for key, days, hour, code, place, audience in EVENTS:
            _event(offers[key], days, hour, code, place, audience)
        registrations = _attendees(sessions[0])
    indicators = _plan_indicators(list(offers.values()))
    return DemoReport(len(offers), len(sessions), len(EVENTS), registrations, indicators)


def _offer(raw: dict[str, Any], organiser: Structure) -> Offer:
    offer, _ = Offer.objects.update_or_create(
        title=raw["title"],
        organiser=organiser,
        defaults={
            "kind": raw.get("kind", OfferKind.TRAINING),
            "partner_name": raw.get("partner", ""),
            "topic": raw["topic"],
            "target_professions": [str(p) for p in raw["targets"]],
            "format": Format.ON_SITE,
            "duration_hours": raw["hours"],
            "objectives": raw["objectives"],
            "is_demo": True,
        },
    )
    offer.sessions.all().delete()
    offer.events.all().delete()
    from allervers.plan.models import FicheAction

    offer.fiches.set(FicheAction.objects.filter(action__axis__plan__is_demo=True, number__in=raw["fiches"]))
    return offer


def _session(offer: Offer, days: int, hour: int, code: str, place: str, capacity: int) -> Session:
    start = _at(days, hour)
    return Session.objects.create(
        offer=offer,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=float(offer.duration_hours) + (1 if offer.duration_hours > 4 else 0)),
        commune=_commune(code),
        place=place,
        capacity=capacity,
        registration_deadline=start - datetime.timedelta(days=3),
        trainers="Juriste\nConseillère conjugale et familiale"
        if "CIDFF" in offer.organiser.name
        else "Formateur référent",
    )


def _event(offer: Offer, days: int, hour: int, code: str, place: str, audience: str) -> None:
    start = _at(days, hour)
    AwarenessEvent.objects.create(
        offer=offer,
        title=f"{offer.title} : {_commune(code).name}",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=4),
        commune=_commune(code),
        place=place,
        audience=audience,
        description="Stand du référent gendarmerie : escroqueries, démarchages, vols par ruse.",
        public_reached=85 if days < 0 else None,
        supports_handed_out=60 if days < 0 else None,
        supports_description="dépliants" if days < 0 else "",
    )


def _attendees(session: Session) -> int:
    for first, last, profession, code, attendance in ATTENDEES:
        Registration.objects.create(
            session=session,
            status=RegistrationStatus.CONFIRMED,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}@demo.invalid",
            profession=profession,
            employer_name="Employeur fictif (démonstration)",
            work_commune=_commune(code),
            confirmed_at=session.starts_at - datetime.timedelta(days=10),
            created_at=session.starts_at - datetime.timedelta(days=10),
            attendance=attendance,
            certificate_reference=new_reference() if attendance == Attendance.PRESENT else None,
            # As if sent at the session's end: the certificates duty never writes to a demo address.
            certificate_sent_at=session.ends_at if attendance == Attendance.PRESENT else None,
        )
    return len(ATTENDEES)


INDICATORS = [
    ("2.1.3", "Personnes formées, par profession", "formations-personnes-formees-profession", "personnes"),
    ("2.1.3", "Personnes formées, par EPCI de travail", "formations-personnes-formees-epci", "personnes"),
    ("2.1.3", "Part des professions cibles touchées, par EPCI", "formations-part-professions-cibles-epci", "%"),
    ("2.1.2", "Public touché par les actions de sensibilisation", "sensibilisation-public-touche", "personnes"),
]


def _plan_indicators(offers: list[Offer]) -> int:
    """Automatic indicators on the demo plan's fiches 2.1.2 and 2.1.3 (when the plan demo is loaded), refreshed."""
    from allervers.plan.models import FicheAction, Indicator

    count = 0
    for number, title, source, unit in INDICATORS:
        fiche = (
            FicheAction.objects.filter(action__axis__plan__is_demo=True, number=number)
            .select_related("action__axis__plan")
            .first()
        )
        if fiche is None:
            continue
        indicator, _ = Indicator.objects.update_or_create(
            plan=fiche.action.axis.plan,
            automatic_source=source,
            defaults={"fiche": fiche, "title": title, "unit": unit, "source": "Aller-vers (calcul automatique)"},
        )
        indicator.refresh()
        count += 1
    return count
