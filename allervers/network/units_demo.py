"""The demo of the mobile units: one demonstration unit touring the Bugey and the Pays de Gex.

No real mobile unit of the Ain with a published schedule was found (demo/SOURCES.md): the unit is called « Unité
mobile de démonstration », flagged `is_demo`, without phone or address; its places are « près de la mairie » of real
communes of the COG, at the commune's point. Its operator is a structure of the demo directory (source "demo-ain"),
a demonstration choice. Dates are relative to the day of loading (each stop starts on the first day of the current
month), so the pages always show coming passages. Safe to re-run: the unit is found again by its slug, its stops by
commune and place; stops added by other means (an accepted visit request) are left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from allervers.directory.models import Service, Structure
from allervers.network.models import MobileUnit, Stop
from allervers.network.recurrence import upcoming
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune

SOURCE = "demo-ain"
OPERATOR = "avema-01"
SLUG = "unite-mobile-demonstration"
PLACE = "près de la mairie (lieu de démonstration)"

# (INSEE code, rule, start, end): the Bugey (Belley, Champagne-en-Valromey, Plateau d'Hauteville, Nantua) and the
# Pays de Gex (Gex, Divonne-les-Bains, Thoiry). Invented schedule, for the demonstration.
STOPS = [
    ("01034", "FREQ=MONTHLY;BYDAY=2TU", datetime.time(9), datetime.time(12)),
    ("01079", "FREQ=MONTHLY;BYDAY=2TU", datetime.time(14), datetime.time(16, 30)),
    ("01185", "FREQ=MONTHLY;BYDAY=1TH", datetime.time(9), datetime.time(12)),
    ("01269", "FREQ=MONTHLY;BYDAY=4FR", datetime.time(9), datetime.time(12)),
    ("01173", "FREQ=MONTHLY;BYDAY=3WE", datetime.time(9), datetime.time(12)),
    ("01143", "FREQ=MONTHLY;BYDAY=3WE", datetime.time(14), datetime.time(17)),
    ("01419", "FREQ=MONTHLY;BYDAY=1TH,3TH", datetime.time(14), datetime.time(16)),
]
CANCELLED_AT = "01034"  # its next passage is cancelled, to show how a cancellation reads
DESCRIPTION = (
    "Démonstration : une unité mobile qui va au-devant des habitants des communes éloignées des services "
    "(écoute, information et orientation des victimes), sur le modèle des dispositifs itinérants que le plan "
    "départemental de prévention de la délinquance propose de soutenir (action 3.2). Cette unité, ses lieux et "
    "ses horaires sont fictifs."
)


class DemoNetworkError(Exception):
    pass


@dataclass
class Report:
    units: int = 0
    stops: int = 0
    cancelled: int = 0


def _operator() -> Structure:
    structure = Structure.objects.filter(source=SOURCE, source_id=OPERATOR).first()
    if structure is None:
        raise DemoNetworkError("La structure de démonstration « avema-01 » est absente : lancez d'abord load-demo.")
    return structure


@transaction.atomic
def load_network_demo() -> Report:
    structure = _operator()
    unit, _ = MobileUnit.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Unité mobile de démonstration",
            "structure": structure,
            "description": DESCRIPTION,
            "area_codes": ["200040350", "200042935", "240100750"],  # CC Bugey Sud, Haut-Bugey, Pays de Gex
            "request_contact": (
                "Démonstration : les professionnels (écoles, centres sociaux, foyers, structures d'aide alimentaire, "
                "associations) demanderaient un passage depuis l'espace professionnel."
            ),
            "request_email": "",
            "is_published": True,
            "is_demo": True,
            "source": "Démonstration (aucune unité mobile réelle de l'Ain n'a de calendrier public trouvé)",
            "source_url": "",
            "source_date": datetime.date(2026, 12, 2),
        },
    )
    unit.services.set(Service.objects.filter(structure=structure))
    report = Report(units=1)
    first = timezone.localdate().replace(day=1)
    for code, rule, start, end in STOPS:
        commune = Commune.objects.get(code=code, kind=CommuneKind.COMMUNE)
        stop = Stop.objects.filter(unit=unit, commune=commune, place=PLACE).first() or Stop(
            unit=unit, commune=commune, place=PLACE
        )
        stop.rrule, stop.dtstart, stop.until = rule, first, None
        stop.start_time, stop.end_time = start, end
        stop.full_clean()
        stop.save()
        report.stops += 1
        if code == CANCELLED_AT:
            stop.exceptions.all().delete()
            coming = upcoming(stop, timezone.localdate(), count=1)
            if coming:
                stop.cancel(coming[0].date, reason="démonstration d'une annulation")
                report.cancelled += 1
    return report
