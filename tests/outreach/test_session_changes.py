"""The organisers change a session: edit it (registrants told of a new date, added places go to the waiting list),
cancel it (registrants told, out of the agenda, STATUS:CANCELLED in the feed, registration closed), or give a
waiting person a place by hand (logged, e-mailed)."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from allervers.mailing.models import OutgoingEmail
from allervers.outreach.enums import RegistrationStatus
from tests.factories import member
from tests.outreach.conftest import confirmed, new_registration

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def templates_sent(address: str) -> list[str]:
    rows = OutgoingEmail.objects.filter(recipient=address).order_by("pk").values_list("template", flat=True)
    return [template.rsplit("/", 1)[-1] for template in rows]


def form_data(session, **changes):
    local = {name: timezone.localtime(getattr(session, name)) for name in ("starts_at", "ends_at")}
    data = {
        "starts_at": local["starts_at"].strftime("%Y-%m-%dT%H:%M"),
        "ends_at": local["ends_at"].strftime("%Y-%m-%dT%H:%M"),
        "registration_deadline": timezone.localtime(session.registration_deadline).strftime("%Y-%m-%dT%H:%M"),
        "commune": session.commune_id,
        "place": session.place,
        "address": session.address,
        "online_url": "",
        "capacity": session.capacity,
        "waiting_list_size": session.waiting_list_size,
        "trainers": session.trainers,
    }
    return {**data, **changes}


@pytest.fixture
def full(training):
    """Capacity 2, both taken; one person on the waiting list, which has room for two more."""
    session = training.session
    type(session).objects.filter(pk=session.pk).update(waiting_list_size=3)
    session.refresh_from_db()
    return [confirmed(session, 1), confirmed(session, 2), confirmed(session, 3)]


def test_an_organiser_gives_a_waiting_person_a_place_and_it_is_logged(client, training, full):
    first, second, waiting = full
    assert waiting.status == RegistrationStatus.WAITING
    organiser = member(training.organiser)
    client.force_login(organiser)
    response = client.post(reverse("outreach:promote", args=[waiting.pk]), follow=True)
    assert "Aucune place libre" in response.content.decode()  # full: refused, nothing changes
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING

    client.post(reverse("outreach:session-edit", args=[training.session.pk]), form_data(training.session, capacity=3))
    waiting.refresh_from_db()  # the added place went to the waiting list at once
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert templates_sent(waiting.email)[-1] == "promoted"


def test_a_manual_promotion_picks_the_chosen_person_out_of_order(client, training):
    session = training.session
    type(session).objects.filter(pk=session.pk).update(capacity=1, waiting_list_size=5)
    session.refresh_from_db()
    confirmed(session, 1)
    early, late = confirmed(session, 2), confirmed(session, 3)
    organiser = member(training.organiser)
    client.force_login(organiser)
    edit = client.post(reverse("outreach:session-edit", args=[session.pk]), form_data(session, capacity=1))
    assert edit.status_code == 302
    type(session).objects.filter(pk=session.pk).update(capacity=2)  # a place added without filling it
    response = client.post(reverse("outreach:promote", args=[late.pk]), follow=True)
    assert "a une place" in response.content.decode()
    late.refresh_from_db()
    early.refresh_from_db()
    assert (late.status, early.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
    log = late.logs.get(user=organiser)
    assert log.action == "promue depuis la liste d'attente (par l'organisateur)"
    assert templates_sent(late.email)[-1] == "promoted"
    again = client.post(reverse("outreach:promote", args=[late.pk]), follow=True)
    assert "Seules les personnes sur liste d'attente" in text(again)


def test_capacity_cannot_drop_below_the_places_taken(client, training, full):
    client.force_login(member(training.organiser))
    response = client.post(
        reverse("outreach:session-edit", args=[training.session.pk]), form_data(training.session, capacity=1)
    )
    assert response.status_code == 200
    assert "2 personnes ont déjà une place" in response.content.decode()
    training.session.refresh_from_db()
    assert training.session.capacity == 2


def test_a_new_date_is_told_to_the_registrants_and_reminded_again(client, training, full):
    session = training.session
    type(session).objects.filter(pk=session.pk).update(reminded_at=timezone.now())
    session.refresh_from_db()
    pending = new_registration(session, 4)
    client.force_login(member(training.organiser))
    later = timezone.localtime(session.starts_at) + datetime.timedelta(days=7)
    data = form_data(
        session,
        starts_at=later.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(later + datetime.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M"),
    )
    response = client.post(reverse("outreach:session-edit", args=[session.pk]), data, follow=True)
    assert "Courriel du changement envoyé à 3 personne(s)" in response.content.decode()
    for registration in full:
        assert templates_sent(registration.email)[-1] == "changed"
    assert templates_sent(pending.email) == ["confirm"]
    session.refresh_from_db()
    assert session.reminded_at is None
    body = OutgoingEmail.objects.filter(recipient=full[0].email).order_by("-pk").first().body
    assert later.strftime("%d").lstrip("0") in body


def test_a_trainers_edit_that_changes_no_date_or_place_writes_to_nobody(client, training, full):
    client.force_login(member(training.organiser))
    data = form_data(training.session, trainers="Juriste")
    client.post(reverse("outreach:session-edit", args=[training.session.pk]), data)
    assert "changed" not in templates_sent(full[0].email)


def test_cancelling_a_session_tells_its_registrants_and_takes_it_off_the_agenda(client, training, full):
    session = training.session
    pending = new_registration(session, 4)
    organiser = member(training.organiser)
    client.force_login(organiser)
    confirm_page = client.get(reverse("outreach:session-cancel", args=[session.pk]))
    assert "3 personnes inscrites ou en liste d'attente reçoivent un courriel" in text(confirm_page)
    session.refresh_from_db()
    assert not session.is_cancelled  # the GET only asks
    response = client.post(reverse("outreach:session-cancel", args=[session.pk]), follow=True)
    assert "3 personne(s) prévenue(s)" in response.content.decode()
    for registration in full:
        assert templates_sent(registration.email)[-1] == "session_cancelled"
        assert registration.logs.filter(
            user=organiser, action__endswith="(session annulée par l'organisateur)"
        ).exists()
    assert "session_cancelled" not in templates_sent(pending.email)

    client.logout()
    assert training.offer.title not in client.get(reverse("outreach:agenda")).content.decode()
    feed = Calendar.from_ical(client.get(reverse("outreach:agenda-ics")).content)
    (event,) = [e for e in feed.walk("VEVENT") if str(e["UID"]).startswith(f"session-{session.pk}@")]
    assert str(event["STATUS"]) == "CANCELLED" and str(event["SUMMARY"]).startswith("Annulé : ")
    page = client.get(reverse("outreach:session", args=[session.pk])).content.decode()
    assert "Session annulée" in page and "M'inscrire" not in page
    registrant_page = client.get(reverse("outreach:registration", args=[full[0].token("registration")]))
    assert "Session annulée" in registrant_page.content.decode()
    assert "Code de pointage" not in registrant_page.content.decode()


def test_a_cancelled_session_takes_no_registration_nor_check_in(client, training, full):
    from allervers.common.exceptions import TransitionError
    from allervers.outreach.services import cancel_session, confirm

    organiser = member(training.organiser)
    pending = new_registration(training.session, 5)
    cancel_session(training.session, by=organiser)
    with pytest.raises(TransitionError, match="annulée"):
        confirm(pending)
    with pytest.raises(TransitionError, match="annulée"):
        cancel_session(training.session, by=organiser)
    first = full[0]
    first.refresh_from_db()
    with pytest.raises(TransitionError, match="annulée"):
        first.set_attendance("present", by=organiser)
    client.force_login(organiser)
    assert client.get(reverse("outreach:session-edit", args=[training.session.pk])).status_code == 302


def test_a_session_that_has_started_cannot_be_cancelled(client, training, full):
    session = training.session
    type(session).objects.filter(pk=session.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(member(training.organiser))
    response = client.post(reverse("outreach:session-cancel", args=[session.pk]), follow=True)
    assert "La session a commencé" in response.content.decode()
    session.refresh_from_db()
    assert not session.is_cancelled


def test_a_cancelled_session_is_not_reminded(training, full):
    from allervers.outreach.services import cancel_session, send_reminders

    cancel_session(training.session, by=member(training.organiser))
    assert send_reminders(now=training.session.starts_at - datetime.timedelta(days=1)) == 0


def test_the_waiting_list_is_shown_in_its_order(client, training, full):
    late = confirmed(training.session, 4, last_name="Aaafictive")  # alphabetically first, but arrived last
    client.force_login(member(training.organiser))
    page = client.get(reverse("outreach:session-manage", args=[training.session.pk])).content.decode()
    assert page.index(f"{full[2].last_name} {full[2].first_name}") < page.index(f"{late.last_name} {late.first_name}")


def test_an_awareness_event_is_cancelled_off_the_agenda(client, training):
    from allervers.outreach.enums import Audience
    from allervers.outreach.models import AwarenessEvent
    from tests.factories import commune

    start = timezone.now() + datetime.timedelta(days=5)
    event = AwarenessEvent.objects.create(
        offer=training.offer,
        title="Stand fictif à annuler",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        commune=commune("01283"),
        audience=Audience.OLDER_PEOPLE,
    )
    client.force_login(member(training.organiser))
    offer_page = client.get(reverse("outreach:offer", args=[training.offer.pk])).content.decode()
    assert reverse("outreach:event-cancel", args=[event.pk]) in offer_page
    assert client.get(reverse("outreach:event-cancel", args=[event.pk])).status_code == 200
    event.refresh_from_db()
    assert not event.is_cancelled
    response = client.post(reverse("outreach:event-cancel", args=[event.pk]), follow=True)
    assert "L'action est annulée" in text(response)
    client.logout()
    assert "Stand fictif à annuler" not in client.get(reverse("outreach:agenda")).content.decode()
    feed = Calendar.from_ical(client.get(reverse("outreach:agenda-ics")).content)
    (cancelled,) = [e for e in feed.walk("VEVENT") if str(e["UID"]).startswith(f"event-{event.pk}@")]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Action annulée" in client.get(reverse("outreach:event", args=[event.pk])).content.decode()


def test_another_structure_cannot_cancel_an_event(client, training):
    from allervers.outreach.models import AwarenessEvent
    from tests.factories import StructureFactory, commune

    start = timezone.now() + datetime.timedelta(days=5)
    event = AwarenessEvent.objects.create(
        offer=training.offer, title="Stand fictif", starts_at=start, ends_at=start, commune=commune("01283")
    )
    client.force_login(member(StructureFactory(commune=commune("01283"))))
    assert client.post(reverse("outreach:event-cancel", args=[event.pk])).status_code == 404
    event.refresh_from_db()
    assert not event.is_cancelled
