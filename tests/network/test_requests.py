"""Visit requests: a social centre asks a mobile unit to come; the operator accepts, proposes or declines; each side
is told by an e-mail that carries a reference and a link only; what each user may see and do."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allervers.accounts.models import User
from allervers.common.exceptions import TransitionError
from allervers.directory.models import Structure
from allervers.mailing.models import OutgoingEmail
from allervers.network.models import MobileUnit, Stop, StopException, VisitRequest
from allervers.network.recurrence import next_passage
from allervers.network.request_enums import RequesterKind, VisitAction, VisitStatus
from allervers.network.request_services import answer, run_deadlines, send_request
from tests.factories import StructureFactory, commune, coordinator, member

BELLEY = "01034"
OYONNAX = "01283"
THEME = "aide-aux-victimes--violences-conjugales"


@dataclass
class Parties:
    operator: Structure
    unit: MobileUnit
    operator_user: User
    requester: Structure
    requester_user: User
    other_user: User


def make_parties() -> Parties:
    """Synthetic structures: an operator in Belley with its unit, a social centre in Oyonnax, another structure."""
    operator = StructureFactory(name="Association fictive du bus", commune=commune(BELLEY))
    unit = MobileUnit.objects.create(
        name="Bus fictif", slug="bus-fictif-demandes", structure=operator, request_email="bus-demandes@example.org"
    )
    requester = StructureFactory(name="Centre social fictif", commune=commune(OYONNAX))
    return Parties(
        operator,
        unit,
        member(operator, email="exploitant@example.org"),
        requester,
        member(requester, email="animatrice@example.org"),
        member(StructureFactory(name="Autre structure fictive"), email="autre@example.org"),
    )


@pytest.fixture
def parties(db) -> Parties:
    return make_parties()


def future(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def new_request(parties: Parties, **extra: object) -> VisitRequest:
    fields: dict[str, object] = {
        "unit": parties.unit,
        "structure": parties.requester,
        "requester_kind": RequesterKind.SOCIAL_CENTRE,
        "public": "femmes",
        "public_details": "groupe du mardi",
        "theme": THEME,
        "expected_attendance": 15,
        "commune": commune(OYONNAX),
        "place": "parking du centre social",
        "wished_date_1": future(20),
        "wished_date_2": future(27),
        "start_time": datetime.time(14),
        "end_time": datetime.time(17),
        **extra,
    }
    return send_request(VisitRequest(**fields), by=parties.requester_user)


def form_data(parties: Parties) -> dict[str, str]:
    return {
        "unit": str(parties.unit.pk),
        "structure": str(parties.requester.pk),
        "requester_kind": RequesterKind.SOCIAL_CENTRE,
        "theme": THEME,
        "public": "femmes",
        "public_details": "groupe du mardi",
        "expected_attendance": "15",
        "commune": str(commune(OYONNAX).pk),
        "place": "parking du centre social",
        "wished_date_1": future(20).isoformat(),
        "wished_date_2": "",
        "wished_date_3": "",
        "start_time": "14:00",
        "end_time": "17:00",
        "message": "",
    }


def emails_to(address: str) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(recipient=address).order_by("pk"))


def test_a_member_of_a_structure_sends_a_request_and_the_unit_is_told(client, parties):
    client.force_login(parties.requester_user)
    assert client.get(reverse("network:request-create") + "?unite=bus-fictif-demandes").status_code == 200
    response = client.post(reverse("network:request-create"), form_data(parties))
    visit = VisitRequest.objects.get()
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    assert visit.status == VisitStatus.SENT and visit.requested_by == parties.requester_user
    assert visit.answer_due_at.date() == timezone.localdate() + datetime.timedelta(days=10)
    recipients = set(OutgoingEmail.objects.values_list("recipient", flat=True))
    assert recipients == {"exploitant@example.org", "bus-demandes@example.org"}
    assert [event.action for event in visit.events.all()] == [VisitAction.SENT]


def test_a_request_form_with_a_past_date_or_reversed_times_is_refused_in_french(client, parties):
    client.force_login(parties.requester_user)
    data = form_data(parties) | {"wished_date_1": future(-1).isoformat(), "start_time": "17:00", "end_time": "14:00"}
    response = client.post(reverse("network:request-create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez une date à venir." in page and "L&#x27;heure de fin doit être après" in page
    assert not VisitRequest.objects.exists()


def test_a_requester_cannot_send_for_a_structure_it_does_not_belong_to(client, parties):
    client.force_login(parties.other_user)
    response = client.post(reverse("network:request-create"), form_data(parties))
    assert response.status_code == 400 and not VisitRequest.objects.exists()


def test_the_operator_accepts_with_a_date_which_creates_the_stop(client, parties):
    visit = new_request(parties)
    client.force_login(parties.operator_user)
    day = visit.wished_date_2
    response = client.post(
        reverse("network:request-action", args=[visit.reference, "accepter"]),
        {"accepter-day": day.isoformat(), "accepter-start": "14:00", "accepter-end": "16:30"},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ACCEPTED
    stop = visit.stop
    assert stop is not None and stop.unit == parties.unit and stop.commune.code == OYONNAX
    assert stop.place == "parking du centre social" and stop.is_single
    assert next_passage(stop, timezone.localdate()).starts_at.time() == datetime.time(14)
    answer_mail = emails_to("animatrice@example.org")[-1]
    assert visit.reference in answer_mail.body and "acceptée" in answer_mail.body
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "acceptée" in page and "parking du centre social" in page


def test_the_operator_proposes_another_date_and_the_requester_takes_it(client, parties):
    visit = new_request(parties)
    client.force_login(parties.operator_user)
    client.post(
        reverse("network:request-action", args=[visit.reference, "proposer"]),
        {"proposer-day": future(34).isoformat(), "proposer-start": "09:00", "proposer-end": "12:00"},
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.OTHER_DATE and visit.stop is None
    assert "autre date proposée" in emails_to("animatrice@example.org")[-1].body
    client.force_login(parties.requester_user)
    client.post(reverse("network:request-action", args=[visit.reference, "prendre-la-date"]))
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ACCEPTED and visit.stop.dtstart == future(34)
    assert visit.reference in emails_to("exploitant@example.org")[-1].body


def test_the_operator_declines_with_a_reason_the_requester_reads(client, parties):
    visit = new_request(parties)
    client.force_login(parties.operator_user)
    empty = client.post(reverse("network:request-action", args=[visit.reference, "refuser"]), {"refuser-reason": ""})
    assert empty.status_code == 400
    client.post(
        reverse("network:request-action", args=[visit.reference, "refuser"]),
        {"refuser-reason": "Le bus est en révision ce mois-là."},
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DECLINED and not Stop.objects.exists()
    client.force_login(parties.requester_user)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "refusée" in page and "Le bus est en révision ce mois-là." in page


def test_a_cancelled_accepted_visit_cancels_its_stop_date(parties):
    visit = new_request(parties)
    stop = visit.accept(by=parties.operator_user, day=future(20), start=datetime.time(14), end=datetime.time(17))
    answer(visit, "annuler", by=parties.requester_user, reason="")
    assert visit.status == VisitStatus.CANCELLED
    assert StopException.objects.filter(stop=stop, date=future(20)).exists()
    assert next_passage(stop, timezone.localdate()) is None


def test_a_decision_taken_twice_is_refused(parties):
    visit = new_request(parties)
    visit.decline(by=parties.operator_user, reason="Pas de disponibilité.")
    stale = VisitRequest.objects.get(pk=visit.pk)
    with pytest.raises(TransitionError):
        stale.accept(by=parties.operator_user, day=future(20), start=datetime.time(14), end=datetime.time(17))
    assert not Stop.objects.exists()
    with pytest.raises(TransitionError):
        visit.take_proposal(by=parties.requester_user)


def test_each_side_acts_only_on_its_own_part(client, parties):
    visit = new_request(parties)
    accept = reverse("network:request-action", args=[visit.reference, "accepter"])
    slot = {"accepter-day": future(20).isoformat(), "accepter-start": "14:00", "accepter-end": "17:00"}
    client.force_login(parties.requester_user)
    assert client.post(accept, slot).status_code == 404  # the requester cannot accept its own request
    client.force_login(parties.operator_user)
    assert client.post(reverse("network:request-action", args=[visit.reference, "annuler"])).status_code == 404
    assert client.post(reverse("network:request-action", args=[visit.reference, "effacer"])).status_code == 404
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SENT


def test_other_structures_and_anonymous_visitors_see_nothing(client, parties):
    visit = new_request(parties)
    assert client.get(visit.get_absolute_url()).status_code == 302  # to the login page
    client.force_login(parties.other_user)
    assert client.get(visit.get_absolute_url()).status_code == 404
    accept = reverse("network:request-action", args=[visit.reference, "accepter"])
    assert client.post(accept, {}).status_code == 404
    assert visit.reference not in client.get(reverse("network:requests")).content.decode()


def test_a_coordinator_of_the_territory_reads_but_does_not_decide(client, parties):
    visit = new_request(parties)
    client.force_login(coordinator(zone_codes=["01"]))
    page = client.get(visit.get_absolute_url()).content.decode()
    assert visit.reference in page and "Accepter" not in page
    slot = {"accepter-day": future(20).isoformat(), "accepter-start": "14:00", "accepter-end": "17:00"}
    assert client.post(reverse("network:request-action", args=[visit.reference, "accepter"]), slot).status_code == 404
    client.force_login(coordinator(zone_codes=["74"]))
    assert client.get(visit.get_absolute_url()).status_code == 404


def test_the_operator_sees_its_requests_by_territory(client, parties):
    new_request(parties)
    new_request(parties, commune=commune(BELLEY), place="salle des fêtes")
    client.force_login(parties.operator_user)
    page = client.get(reverse("network:requests")).content.decode()
    haut_bugey = "<caption>Communauté d&#x27;agglomération Haut - Bugey Agglomération</caption>"
    assert haut_bugey in page and "<caption>Communauté de communes Bugey Sud</caption>" in page
    bugey_sud = commune(BELLEY).epci_id
    filtered = client.get(reverse("network:requests"), {"territoire": bugey_sud}).content.decode()
    assert "<caption>Communauté de communes Bugey Sud</caption>" in filtered and haut_bugey not in filtered


def test_no_email_carries_personal_data_or_the_request_details(parties):
    visit = new_request(parties, message="Contactez Mme Fictive au 06 00 00 00 00")
    visit.propose(by=parties.operator_user, day=future(30), start=datetime.time(9), end=datetime.time(12), reason="X")
    answer(visit, "prendre-la-date", by=parties.requester_user)
    coordinator(zone_codes=["01"])
    late = new_request(parties, message="Mme Fictive")
    run_deadlines(timezone.now() + datetime.timedelta(days=11))
    run_deadlines(timezone.now() + datetime.timedelta(days=22))
    assert OutgoingEmail.objects.filter(template__endswith="escalation").exists()
    bodies = [f"{mail.subject}\n{mail.body}" for mail in OutgoingEmail.objects.all()]
    assert len(bodies) >= 4
    for text in bodies:
        assert any(r in text and f"/espace/demandes-de-passage/{r}/" in text for r in (visit.reference, late.reference))
        for secret in ("Fictive", "06 00", "parking", "groupe du mardi", "femmes", "Centre social", "exploitant@"):
            assert secret not in text


def test_the_list_needs_the_same_queries_for_two_requests_or_six(client, parties, django_assert_max_num_queries):
    client.force_login(parties.operator_user)
    new_request(parties)
    new_request(parties, commune=commune(BELLEY))
    client.get(reverse("network:requests"))  # session, user and caches warmed
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("network:requests"))
    for _ in range(4):
        new_request(parties)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("network:requests")).status_code == 200
