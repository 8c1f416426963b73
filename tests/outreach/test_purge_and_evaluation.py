"""The purge duty erases registrants' personal data after the retention period; the evaluation is anonymous."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from allervers.jobs.duties import BY_NAME
from allervers.outreach.enums import Attendance
from allervers.outreach.models import Evaluation, Registration
from allervers.outreach.services import purge, send_reminders
from tests.factories import member
from tests.outreach.conftest import confirmed, last_email, new_registration

pytestmark = pytest.mark.django_db


def test_personal_data_is_erased_after_three_years_and_counts_stay(client, training):
    registration = confirmed(training.session)
    registration.set_attendance(Attendance.PRESENT, by=member(training.organiser))
    token = registration.token("registration")
    after = training.session.ends_at + datetime.timedelta(days=3 * 365 - 1)
    assert purge(after).anonymised == 0
    assert purge(after + datetime.timedelta(days=2)).anonymised == 1
    registration.refresh_from_db()
    assert (registration.first_name, registration.last_name, registration.email) == ("", "", "")
    assert registration.attendance == Attendance.PRESENT and registration.profession
    assert client.get(reverse("outreach:registration", args=[token])).status_code == 404  # old links stop
    page = client.get(reverse("outreach:verify"), {"reference": registration.certificate_reference}).content.decode()
    assert "Attestation valide" in page and "la personne nommée sur l'attestation" in page


@override_settings(OUTREACH_RETENTION_DAYS=30)
def test_the_retention_is_a_setting(training):
    confirmed(training.session)
    assert purge(training.session.ends_at + datetime.timedelta(days=31)).anonymised == 1


def test_unconfirmed_requests_are_deleted_after_a_week(training):
    new_registration(training.session)
    assert purge(timezone.now() + datetime.timedelta(days=6)).deleted == 0
    assert purge(timezone.now() + datetime.timedelta(days=8)).deleted == 1
    assert not Registration.objects.exists()


def test_the_purge_duty_reports_counts(training):
    assert "inscription(s) anonymisée(s)" in BY_NAME["outreach-purge"].action()


def test_reminders_go_two_days_before_once(training):
    registration = confirmed(training.session)
    before = training.session.starts_at - datetime.timedelta(days=3)
    assert send_reminders(before) == 0
    soon = training.session.starts_at - datetime.timedelta(days=1)
    assert send_reminders(soon) == 1
    assert "Rappel" in last_email(registration.email).subject
    assert send_reminders(soon) == 0


def test_the_evaluation_is_anonymous_and_answered_once(client, training):
    registration = confirmed(training.session)
    registration.set_attendance(Attendance.PRESENT, by=member(training.organiser))
    url = reverse("outreach:evaluation", args=[registration.token("evaluation")])
    answers = {
        "satisfaction": "5",
        "spotting_before": "2",
        "spotting_after": "4",
        "referring_before": "1",
        "referring_after": "4",
        "practice_change": "Je pose la question systématiquement.",
    }
    assert "Merci" in client.post(url, answers).content.decode()
    client.post(url, {**answers, "satisfaction": "1"})
    evaluation = Evaluation.objects.get()
    assert evaluation.satisfaction == 5
    assert {f.name for f in Evaluation._meta.get_fields()} == {
        "id",
        "session",
        "satisfaction",
        "spotting_before",
        "spotting_after",
        "referring_before",
        "referring_after",
        "practice_change",
    }  # nothing that points back to a registration, an account or a time
    client.force_login(member(training.organiser))
    page = client.get(reverse("outreach:session-manage", args=[training.session.pk])).content.decode()
    assert "Je pose la question" in page and "1 réponse" in page
    client.logout()
    public = client.get(reverse("outreach:session", args=[training.session.pk])).content.decode()
    assert "Je pose la question" not in public


def test_the_evaluation_waits_for_the_check_in(client, training):
    registration = confirmed(training.session)
    url = reverse("outreach:evaluation", args=[registration.token("evaluation")])
    page = client.post(
        url,
        {
            "satisfaction": "5",
            "spotting_before": "2",
            "spotting_after": "4",
            "referring_before": "1",
            "referring_after": "4",
        },
    ).content.decode()
    assert "après la session" in page and not Evaluation.objects.exists()
