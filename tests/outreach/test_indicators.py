"""The automatic plan indicators on a known data set: four people pointed present (two in the CA du Bassin de
Bourg-en-Bresse, one in Oyonnax's EPCI, one absent, one only registered), one event with 120 people reached."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from allervers.outreach.enums import Attendance, Audience, Profession
from allervers.outreach.models import AwarenessEvent
from allervers.plan.indicators import get_source
from allervers.plan.models import Plan
from allervers.territories.models import Department
from tests.factories import commune, member
from tests.outreach.conftest import BOURG, confirmed, make_session

pytestmark = pytest.mark.django_db
OYONNAX = "01283"


@pytest.fixture
def known(training):
    trainer = member(training.organiser)
    past = make_session(training.offer, days=-30, capacity=10)
    # Registrations are made while open, then the session is moved into the past (as time would).
    people = [
        (Profession.MUNICIPAL_RECEPTION, BOURG, Attendance.PRESENT),
        (Profession.NURSERY_STAFF, BOURG, Attendance.PRESENT),
        (Profession.MUNICIPAL_RECEPTION, OYONNAX, Attendance.PRESENT),
        (Profession.PHARMACIST, OYONNAX, Attendance.ABSENT),
    ]
    future = make_session(training.offer, capacity=10)
    for n, (profession, code, attendance) in enumerate(people):
        registration = confirmed(future, n, profession=profession, work_commune=commune(code))
        registration.set_attendance(attendance, by=trainer)
    confirmed(future, 9)  # registered, never pointed
    future.starts_at, future.ends_at = past.starts_at, past.ends_at
    future.save()
    start = timezone.now() - datetime.timedelta(days=5)
    AwarenessEvent.objects.create(
        offer=training.offer,
        title="Stand fictif",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        commune=commune(OYONNAX),
        audience=Audience.OLDER_PEOPLE,
        public_reached=120,
    )
    return Plan.objects.create(
        title="Plan fictif", department=Department.objects.get(code="01"), start_year=2025, end_year=2027
    )


def values(code, plan):
    source = get_source(code)
    assert source is not None, code
    return {m.category: m.value for m in source.compute(plan)}


def test_people_trained_by_profession_epci_topic_year(known):
    bourg_epci = commune(BOURG).epci.name
    oyonnax_epci = commune(OYONNAX).epci.name
    assert values("formations-personnes-formees-profession", known) == {
        "agent communal d'accueil": Decimal(2),
        "personnel de crèche": Decimal(1),
    }
    assert values("formations-personnes-formees-epci", known) == {bourg_epci: Decimal(2), oyonnax_epci: Decimal(1)}
    assert values("formations-personnes-formees-thematique", known) == {"repérage des violences conjugales": 3}
    year = str(timezone.localtime(timezone.now() - datetime.timedelta(days=30)).year)
    assert values("formations-personnes-formees-annee", known) == {year: Decimal(3)}
    assert values("formations-sessions-tenues", known) == {year: Decimal(1)}
    assert values("sensibilisation-public-touche", known) == {oyonnax_epci: Decimal(120)}


def test_share_of_target_professions_reached_per_epci(known):
    shares = values("formations-part-professions-cibles-epci", known)
    # 9 target professions: 2 reached in Bourg's EPCI, 1 in Oyonnax's, none elsewhere.
    assert shares[commune(BOURG).epci.name] == Decimal("22.2")
    assert shares[commune(OYONNAX).epci.name] == Decimal("11.1")
    assert sum(1 for share in shares.values() if share == 0) == len(shares) - 2


def test_an_indicator_of_the_plan_refreshes_from_the_source(known):
    indicator = known.indicators.create(title="Personnes formées", automatic_source="formations-personnes-formees-epci")
    assert indicator.refresh() == 2
    assert sum(v.value for v in indicator.latest_values()) == 3


def test_the_coordinators_view_shows_the_professions_not_yet_reached(client, known):
    from tests.factories import coordinator

    client.force_login(coordinator(("01",)))
    page = client.get("/espace/formations/couverture/").content.decode()
    assert "22,2 %" in page and "<svg" in page
    assert "policier municipal" in page  # not yet reached anywhere
