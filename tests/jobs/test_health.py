"""/sante/: ok or ko for anyone, without a cookie or a write; the detail for staff, coordinators and the probe's
token; a Redis out of reach fails the queue's check within seconds."""

import pytest
from django.urls import reverse
from huey import RedisHuey

from allervers.jobs import health
from allervers.jobs.models import DutyRun
from tests.factories import StructureFactory, UserFactory, coordinator, member
from tests.mailing.servers import free_port

pytestmark = pytest.mark.django_db

URL = "/sante/"


def test_it_answers_ok_to_anyone_without_detail_nor_cookie(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(URL)
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert not response.cookies and "no-cache" in response["Cache-Control"]
    assert reverse("sante") == URL


def test_a_coordinator_reads_the_detail_with_the_queue(client):
    client.force_login(coordinator(zone_codes=["01"]))
    body = client.get(URL).json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True} and body["checks"]["cache"] == {"ok": True}
    assert body["checks"]["queue"]["ok"] is True and body["checks"]["queue"]["pending"] >= 0
    assert body["checks"]["worker"] == {"ok": False, "last_run_seconds": None}  # no duty has run yet


def test_a_member_who_is_not_a_coordinator_gets_no_detail(client):
    client.force_login(member(StructureFactory()))
    assert client.get(URL).json() == {"status": "ok"}


def test_a_probe_with_the_token_reads_the_detail_and_the_last_run_age(client, settings):
    from django.utils import timezone

    settings.ALLERVERS_HEALTH_TOKEN = "jeton-de-sonde-fictif"
    DutyRun.objects.create(
        duty="outbox", slot=timezone.now(), started_at=timezone.now() - timezone.timedelta(minutes=3)
    )
    assert "checks" not in client.get(URL, headers={"X-Health-Token": "mauvais"}).json()
    body = client.get(URL, headers={"X-Health-Token": "jeton-de-sonde-fictif"}).json()
    assert body["checks"]["worker"]["ok"] is True and 170 <= body["checks"]["worker"]["last_run_seconds"] <= 190


def test_a_redis_out_of_reach_is_ko(client, monkeypatch):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    # A real Redis client, with the settings' timeouts, towards a port where nothing listens.
    away = RedisHuey("allervers", url=f"redis://127.0.0.1:{free_port()}/5?socket_connect_timeout=2&socket_timeout=5")
    monkeypatch.setattr(health, "HUEY", away)
    # How long the probe takes is bounded by the client's timeouts above, not asserted here.
    response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "ko" and body["checks"]["queue"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["database"] == {"ok": True}
