"""A cancelled session closes its registrations: each becomes « séance annulée » (logged with the status it had),
so the organisers' page, the exports, the registrant's page and the plan's counts say the session will not take
place; the registrants who held a place or waited are told once; a person pointed ahead gets no certificate."""

from __future__ import annotations

import datetime
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from allervers.common.exceptions import TransitionError
from allervers.mailing.models import OutgoingEmail
from allervers.outreach import reach
from allervers.outreach.enums import Attendance, RegistrationStatus
from allervers.outreach.models import Registration
from allervers.outreach.services import cancel_session, purge
from tests.factories import member, with_second_factor
from tests.outreach.conftest import confirmed, new_registration

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """What a reader sees: the page without its tags."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def cancellation_emails(address: str) -> int:
    return OutgoingEmail.objects.filter(recipient=address, template="outreach/emails/session_cancelled").count()


@pytest.fixture
def registrants(training):
    """Two with a place (the first pointed present ahead of the day), one waiting, one never confirmed."""
    session = training.session
    type(session).objects.filter(pk=session.pk).update(waiting_list_size=3)
    session.refresh_from_db()
    first, second, waiting = confirmed(session, 1), confirmed(session, 2), confirmed(session, 3)
    first.set_attendance(Attendance.PRESENT, by=member(training.organiser))
    return first, second, waiting, new_registration(session, 4)


def test_every_registration_of_a_cancelled_session_says_seance_annulee_with_its_log(client, training, registrants):
    organiser = member(training.organiser)
    client.force_login(organiser)
    response = client.post(reverse("outreach:session-cancel", args=[training.session.pk]), follow=True)
    assert "3 personne(s) prévenue(s)" in text(response)
    before = ["inscrit", "inscrit", "sur liste d'attente", "à confirmer"]
    for registration, status in zip(registrants, before, strict=True):
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.SESSION_CANCELLED
        log = registration.logs.order_by("-pk").first()
        assert log.user == organiser
        assert log.action == f"statut : {status} → séance annulée (session annulée par l'organisateur)"
    page = text(client.get(reverse("outreach:session-manage", args=[training.session.pk])))
    assert "4 inscriptions closes par l'annulation" in page and "0 inscrit sur" not in page
    assert page.count("séance annulée") >= 4
    assert "Donner une place" not in page and registrants[0].certificate_reference not in page


def test_the_exports_say_seance_annulee(client, training, registrants):
    cancel_session(training.session, by=member(training.organiser))
    with_second_factor(client, member(training.organiser))
    csv = client.get(reverse("outreach:export-csv", args=[training.session.pk])).content.decode()
    rows = [line.split(";") for line in csv.splitlines()[1:]]
    assert len(rows) == 4 and {row[6] for row in rows} == {"séance annulée"}
    book = load_workbook(io.BytesIO(client.get(reverse("outreach:export-xlsx", args=[training.session.pk])).content))
    assert {row[6] for row in list(book.active.values)[1:]} == {"séance annulée"}


def test_the_registrants_are_told_once_even_if_the_cancellation_is_repeated(training, registrants):
    organiser = member(training.organiser)
    assert cancel_session(training.session, by=organiser) == 3
    with pytest.raises(TransitionError, match="déjà annulée"):
        cancel_session(training.session, by=organiser)
    first, second, waiting, pending = registrants
    assert [cancellation_emails(r.email) for r in (first, second, waiting)] == [1, 1, 1]
    assert cancellation_emails(pending.email) == 0  # never confirmed: no e-mail, as before the cancellation


def test_the_registrants_page_says_seance_annulee_and_offers_no_certificate(client, training, registrants):
    first = registrants[0]
    cancel_session(training.session, by=member(training.organiser))
    page = text(client.get(reverse("outreach:registration", args=[first.token("registration")])))
    assert "Statut : séance annulée" in page and "Session annulée" in page
    assert "Télécharger l'attestation" not in page and "Annuler mon inscription" not in page
    assert "questionnaire d'évaluation" not in page
    assert client.get(reverse("outreach:certificate", args=[first.token("registration")])).status_code == 404
    verify = text(client.get(reverse("outreach:verify"), {"reference": first.certificate_reference}))
    assert "Aucune attestation valide" in verify


def test_the_plan_counts_leave_a_cancelled_session_out(training, registrants):
    assert sum(reach.by_profession("01").values()) == 1  # pointed present ahead of the day
    cancel_session(training.session, by=member(training.organiser))
    assert sum(reach.by_profession("01").values()) == 0
    assert not Registration.objects.filter(
        session=training.session, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
    ).exists()
    assert training.session.places_left == training.session.capacity  # nobody holds a place any more


def test_a_registration_of_a_cancelled_session_can_no_longer_be_confirmed_cancelled_or_promoted(training, registrants):
    from allervers.outreach.services import cancel, confirm, promote

    first, _, waiting, pending = registrants
    organiser = member(training.organiser)
    cancel_session(training.session, by=organiser)
    for registration in registrants:
        registration.refresh_from_db()
    with pytest.raises(TransitionError, match="Cette session est annulée"):
        confirm(pending)
    with pytest.raises(TransitionError, match="La session est annulée"):
        cancel(first)
    with pytest.raises(TransitionError):
        promote(waiting, by=organiser)
    assert {r.status for r in Registration.objects.filter(session=training.session)} == {"seance-annulee"}


def test_never_confirmed_registrations_of_a_cancelled_session_are_still_deleted_after_a_week(training, registrants):
    cancel_session(training.session, by=member(training.organiser))
    report = purge(now=timezone.now() + datetime.timedelta(days=8))
    assert report.deleted == 1
    assert not Registration.objects.filter(pk=registrants[3].pk).exists()
    assert Registration.objects.filter(session=training.session).count() == 3  # the confirmed ones stay
