import pytest
from django.core import mail
from django.urls import reverse

from allervers.directory.tracking import ErrorReport
from tests.factories import ServiceFactory, coordinator, member
from tests.mailing.outbox import deliver_queued

pytestmark = pytest.mark.django_db


def report(client, service, **overrides):
    data = {"elements": ["telephone"], "message": "Le numéro ne répond plus.", "website": ""}
    data.update(overrides)
    return client.post(
        reverse("backoffice:report-error", args=[service.pk]), data, headers={"Sec-Fetch-Site": "same-origin"}
    )


def test_anyone_reports_an_error_and_sees_a_thank_you(client):
    service = ServiceFactory(name="Service fictif")
    admin = member(service.structure, role="admin")
    response = report(client, service)
    assert "Merci" in response.content.decode()
    saved = ErrorReport.objects.get()
    assert saved.elements == ["telephone"] and saved.status == "open"
    assert deliver_queued() == 1
    assert mail.outbox[0].to == [admin.email]
    assert "Le numéro ne répond plus" not in mail.outbox[0].body  # the message stays in the app


def test_the_report_reaches_the_coordinator_queue_and_is_closed_there(client):
    service = ServiceFactory()
    report(client, service)
    client.force_login(coordinator(zone_codes=["01"]))
    assert "Le numéro ne répond plus." in client.get(reverse("backoffice:coordination")).content.decode()
    client.post(reverse("backoffice:close-report", args=[ErrorReport.objects.get().pk, "corrige"]))
    assert ErrorReport.objects.get().status == "fixed"


def test_a_robot_is_refused_and_nothing_is_stored(client):
    report(client, ServiceFactory(), website="http://spam.example")
    assert not ErrorReport.objects.exists()


def test_reports_are_rate_limited_per_address(client):
    service = ServiceFactory()
    for _ in range(10):
        report(client, service)
    assert report(client, service).status_code == 429  # the French page (allervers/portal/errors.py)
    assert ErrorReport.objects.count() == 10
