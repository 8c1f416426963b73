"""The training's public pages set no cookie, the registration form and the pages an e-mail link opens included
(confirm, the registrant's page with its cancel button, the evaluation): a POST is protected by the browser's
own headers instead of a CSRF cookie (allervers/common/csrf.py), and a forged one writes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from allervers.outreach.enums import Attendance, RegistrationStatus
from allervers.outreach.models import Evaluation, Registration
from tests.factories import member
from tests.outreach.conftest import confirmed, last_link, new_registration
from tests.outreach.test_registration import form_data

FORGED = {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}


def test_the_session_page_and_the_e_mail_pages_set_no_cookie(training):
    browser = Client()
    registration = confirmed(training.session)
    registration.set_attendance(Attendance.PRESENT, by=member(training.organiser))
    pending = new_registration(training.session, 1)
    for url in (
        reverse("outreach:session", args=[training.session.pk]),
        last_link(pending.email),
        reverse("outreach:registration", args=[registration.token("registration")]),
        reverse("outreach:evaluation", args=[registration.token("evaluation")]),
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url


def test_a_registration_posted_from_another_site_is_refused_and_writes_nothing(training):
    url = reverse("outreach:session", args=[training.session.pk])
    response = Client().post(url, form_data(), headers=FORGED)
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()
    assert not Registration.objects.exists()
    response = Client().post(url, form_data(), headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302 and not response.cookies
    assert Registration.objects.get().status == RegistrationStatus.PENDING


@pytest.mark.parametrize("page", ["confirm", "cancel", "evaluation"])
def test_the_e_mail_pages_refuse_a_forged_post(training, page):
    registration = confirmed(training.session)
    registration.set_attendance(Attendance.PRESENT, by=member(training.organiser))
    pending = new_registration(training.session, 1)
    url = {
        "confirm": last_link(pending.email),
        "cancel": reverse("outreach:cancel", args=[registration.token("registration")]),
        "evaluation": reverse("outreach:evaluation", args=[registration.token("evaluation")]),
    }[page]
    assert Client().post(url, {"satisfaction": "1"}, headers=FORGED).status_code == 403
    pending.refresh_from_db()
    registration.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING
    assert registration.status == RegistrationStatus.CONFIRMED
    assert not Evaluation.objects.exists()
