"""The certificate is sent, not only downloadable: once the session is over, whoever was marked present receives
one e-mail with the link to the PDF (and to the evaluation), however often attendance is corrected."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from allervers.mailing.models import OutgoingEmail
from allervers.outreach.enums import Attendance
from allervers.outreach.services import send_certificates
from tests.factories import member
from tests.outreach.conftest import confirmed, last_link

pytestmark = pytest.mark.django_db


def certificate_emails(address: str) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(recipient=address, template="outreach/emails/certificate"))


@pytest.fixture
def ended(training):
    """The session took place yesterday; two registrants, nobody pointed yet."""
    session = training.session
    people = [confirmed(session, 1), confirmed(session, 2)]
    start = timezone.now() - datetime.timedelta(days=1)
    type(session).objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=7), registration_deadline=start
    )
    session.refresh_from_db()
    return people


def test_a_correction_after_the_session_sends_the_certificate_once(client, training, ended):
    first, second = ended
    client.force_login(member(training.organiser))
    url = reverse("outreach:attendance", args=[first.pk])
    for value in (Attendance.PRESENT, Attendance.ABSENT, Attendance.PRESENT):
        client.post(url, {"attendance": value})
    emails = certificate_emails(first.email)
    assert len(emails) == 1
    assert emails[0].subject == f"Votre attestation de présence : {training.offer.title}"
    client.logout()
    response = client.get(last_link(first.email))  # the link downloads the PDF, without an account
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not certificate_emails(second.email)  # not marked present


def test_the_email_holds_links_not_the_persons_data(training, ended):
    first, _ = ended
    first.set_attendance(Attendance.PRESENT, by=member(training.organiser))
    assert send_certificates() == 1
    body = certificate_emails(first.email)[0].body
    first.refresh_from_db()
    assert "/attestation.pdf" in body and "/formations/evaluation/" in body
    for personal in (first.first_name, first.last_name, first.employer_label, first.certificate_reference):
        assert personal not in body


def test_the_duty_sends_at_the_sessions_end_and_only_once(training, ended):
    first, second = ended
    organiser = member(training.organiser)
    first.set_attendance(Attendance.PRESENT, by=organiser)
    second.set_attendance(Attendance.EXCUSED, by=organiser)
    assert send_certificates() == 1
    assert send_certificates() == 0
    assert len(certificate_emails(first.email)) == 1 and not certificate_emails(second.email)


def test_nothing_is_sent_before_the_session_ends(client, training):
    registration = confirmed(training.session)  # the session is in ten days
    client.force_login(member(training.organiser))
    client.post(reverse("outreach:attendance", args=[registration.pk]), {"attendance": Attendance.PRESENT})
    assert send_certificates() == 0
    assert not certificate_emails(registration.email)
    # Downloadable all the same, from the registrant's page.
    page = client.get(reverse("outreach:registration", args=[registration.token("registration")]))
    assert "Télécharger l'attestation de présence" in page.content.decode()


def test_sessions_ended_long_ago_are_not_written_to(training, ended):
    first, _ = ended
    first.set_attendance(Attendance.PRESENT, by=member(training.organiser))
    assert send_certificates(now=timezone.now() + datetime.timedelta(days=60)) == 0
    assert not certificate_emails(first.email)


@pytest.mark.parametrize("days", [3, 45, 120])
def test_a_long_session_sends_its_certificates_after_its_end_once(training, days):
    """The look-back window counts from the session's end, not its start: a module spread over months is mailed."""
    from allervers.jobs.duties import BY_NAME

    session = training.session
    registration = confirmed(session, 1)
    start = timezone.now() - datetime.timedelta(days=days)
    end = timezone.now() + datetime.timedelta(hours=2)
    type(session).objects.filter(pk=session.pk).update(starts_at=start, ends_at=end, registration_deadline=start)
    registration.refresh_from_db()
    registration.set_attendance(Attendance.PRESENT, by=member(training.organiser))  # pointed on its first day
    assert BY_NAME["outreach-attestations"].action() == "0 attestation(s) de présence envoyée(s)"  # not over yet
    after = end + datetime.timedelta(hours=1)
    assert send_certificates(now=after) == 1
    assert send_certificates(now=after + datetime.timedelta(days=1)) == 0
    assert len(certificate_emails(registration.email)) == 1
