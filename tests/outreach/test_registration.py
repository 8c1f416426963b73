"""A professional registers on the public page, confirms by the e-mail link (double opt-in), and goes to the
waiting list when the session is full; registration closes at the deadline, or when the waiting list is full too."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from allervers.mailing.models import OutgoingEmail
from allervers.outreach.enums import Profession, RegistrationStatus
from allervers.outreach.models import Registration
from tests.factories import commune
from tests.outreach.conftest import BOURG, confirmed, last_email, last_link, new_registration

pytestmark = pytest.mark.django_db


def form_data(**extra):
    return {
        "first_name": "Dominique",
        "last_name": "Fictif",
        "email": "dominique@example.org",
        "profession": Profession.NURSERY_STAFF,
        "employer": "",
        "employer_name": "Crèche fictive",
        "work_commune": str(commune(BOURG).pk),
        "website": "",
        **extra,
    }


def test_it_registers_and_asks_for_a_confirmation(client, training):
    url = reverse("outreach:session", args=[training.session.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Repérer les violences conjugales" in page.content.decode()
    response = client.post(url, form_data())
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.PENDING
    email = OutgoingEmail.objects.get(recipient="dominique@example.org")
    assert "Confirmez" in email.subject
    assert "Dominique" not in email.body and "Fictif" not in email.body  # no personal data in an e-mail
    assert training.session.places_left == 2  # an unconfirmed registration holds no place


def test_the_confirmation_link_asks_for_a_click_then_confirms(client, training):
    registration = new_registration(training.session)
    link = last_link(registration.email)
    assert client.get(link).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING  # a mail scanner opening the link confirms nothing
    response = client.post(link)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert response.status_code == 302
    assert "Votre inscription" in client.get(response["Location"]).content.decode()
    assert "confirmée" in last_email(registration.email).subject


def test_a_forged_or_expired_link_is_a_404(client, training):
    registration = new_registration(training.session)
    link = last_link(registration.email)
    assert client.get(link[:-3] + "xyz/").status_code == 404
    later = timezone.now() + datetime.timedelta(days=8)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: later.timestamp())
        assert client.get(link).status_code == 404


def test_the_honeypot_refuses_a_robot(client, training):
    response = client.post(reverse("outreach:session", args=[training.session.pk]), form_data(website="http://spam"))
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_a_missing_employer_is_explained_in_french(client, training):
    response = client.post(reverse("outreach:session", args=[training.session.pk]), form_data(employer_name=""))
    assert "Choisissez votre structure" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_full_session_puts_the_next_one_on_the_waiting_list_then_closes(client, training):
    session = training.session
    confirmed(session, 1)
    confirmed(session, 2)
    third = confirmed(session, 3)
    assert third.status == RegistrationStatus.WAITING
    assert "attente" in last_email(third.email).subject
    page = client.get(reverse("outreach:session", args=[session.pk])).content.decode()
    assert "Cette session est complète" in page
    response = client.post(reverse("outreach:session", args=[session.pk]), form_data())
    assert response.status_code == 200
    assert Registration.objects.count() == 3


def test_a_cancellation_promotes_the_first_on_the_waiting_list(client, training):
    session = training.session
    session.waiting_list_size = 2
    session.save()
    first = confirmed(session, 1)
    confirmed(session, 2)
    waiting_a = confirmed(session, 3)
    waiting_b = confirmed(session, 4)
    response = client.post(reverse("outreach:cancel", args=[first.token("registration")]))
    assert response.status_code == 302
    waiting_a.refresh_from_db()
    waiting_b.refresh_from_db()
    assert waiting_a.status == RegistrationStatus.CONFIRMED
    assert waiting_b.status == RegistrationStatus.WAITING
    assert "place" in last_email(waiting_a.email).subject
    assert list(first.logs.values_list("action", flat=True))[-1] == "annulée"


def test_registration_closes_at_the_deadline(client, training):
    session = training.session
    session.registration_deadline = timezone.now() - datetime.timedelta(minutes=1)
    session.save()
    page = client.get(reverse("outreach:session", args=[session.pk])).content.decode()
    assert "date limite dépassée" in page
    client.post(reverse("outreach:session", args=[session.pk]), form_data())
    assert not Registration.objects.exists()


def test_a_registration_sent_before_the_deadline_cannot_be_confirmed_after_it(client, training):
    session = training.session
    registration = new_registration(session)
    session.registration_deadline = timezone.now() - datetime.timedelta(minutes=1)
    session.save()
    client.post(last_link(registration.email))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING


def test_a_logged_in_professional_registers_with_the_account(client, training):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    client.post(reverse("outreach:session", args=[training.session.pk]), form_data(email=user.email))
    assert Registration.objects.get().user == user


def test_registrations_are_throttled(client, training):
    url = reverse("outreach:session", args=[training.session.pk])
    for _ in range(10):
        client.post(url, form_data(first_name=""))
    assert client.post(url, form_data()).status_code == 429


def test_an_unknown_session_is_a_404(client):
    assert client.get(reverse("outreach:session", args=[999999])).status_code == 404
