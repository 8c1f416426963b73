"""Each scheduled duty runs once per slot of its schedule, never twice at once, is recorded, and is caught up when the
worker was not running at its time."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from allervers.directory.enums import ListingStatus
from allervers.jobs import duties
from allervers.jobs.models import DutyRun
from allervers.jobs.tasks import LOCKS, PERIODIC, catch_up
from tests.factories import ServiceFactory, member
from tests.mailing.outbox import deliver_queued

pytestmark = pytest.mark.django_db

REMINDERS = duties.BY_NAME["reminders"]


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def stale_service():
    service = ServiceFactory(name="Service fictif", verified_at=timezone.now() - datetime.timedelta(days=200))
    member(service.structure, role="admin", email="admin-fictif@example.org")
    return service


def test_a_schedule_gives_its_latest_and_next_slots_in_local_time():
    assert REMINDERS.last_slot(local(2026, 3, 10, 9, 15)) == local(2026, 3, 10, 7, 0)
    assert REMINDERS.last_slot(local(2026, 3, 10, 6, 59)) == local(2026, 3, 9, 7, 0)
    assert REMINDERS.next_slot(local(2026, 3, 10, 7, 0)) == local(2026, 3, 11, 7, 0)
    assert duties.BY_NAME["outbox"].next_slot(local(2026, 3, 10, 9, 1)) == local(2026, 3, 10, 9, 5)
    assert duties.BY_NAME["deadlines"].last_slot(local(2026, 3, 10, 9, 5)) == local(2026, 3, 10, 8, 10)


def test_the_reminders_duty_runs_once_per_slot_and_is_recorded():
    stale_service()
    first = PERIODIC["reminders"].call_local()
    again = PERIODIC["reminders"].call_local()
    assert first.startswith("1 première(s) relance(s)") and again == "déjà faite pour ce créneau"
    (run,) = DutyRun.objects.all()
    assert run.duty == "reminders" and run.slot == REMINDERS.last_slot() and run.finished_at and not run.error
    assert deliver_queued() == 1 and mail.outbox[0].to == ["admin-fictif@example.org"]


def test_a_duty_already_running_elsewhere_is_not_started_again():
    stale_service()
    with LOCKS["reminders"]:
        assert PERIODIC["reminders"].call_local() == "déjà en cours ailleurs"
    assert not DutyRun.objects.exists()
    assert PERIODIC["reminders"].call_local().startswith("1 première(s)")


def test_a_failing_duty_records_the_error_class_only(monkeypatch):
    def broken() -> str:
        raise ValueError("adresse jeanne@exemple.fr introuvable")

    duty = duties.Duty("broken", "Tâche en panne", "toutes les minutes", {"minute": "*"}, broken)
    assert duties.run(duty, lock=LOCKS["reminders"]) == "ValueError"
    run = DutyRun.objects.get(duty="broken")
    assert run.error == "ValueError" and run.finished_at is not None and "jeanne" not in run.error + run.result


def test_the_catch_up_runs_every_duty_whose_latest_slot_has_no_run():
    assert {duty.name for duty in duties.missed()} == {duty.name for duty in duties.DUTIES}
    PERIODIC["reminders"].call_local()
    assert "reminders" not in {duty.name for duty in duties.missed()}
    assert "reminders" not in catch_up.call_local()


def test_suspensions_that_ended_yesterday_are_published_again():
    today = timezone.localdate()
    ended = ServiceFactory(status=ListingStatus.SUSPENDED, suspended_until=today - datetime.timedelta(days=1))
    ongoing = ServiceFactory(status=ListingStatus.SUSPENDED, suspended_until=today)
    assert PERIODIC["suspensions"].call_local() == "1 suspension(s) terminée(s)"
    ended.refresh_from_db()
    ongoing.refresh_from_db()
    assert (ended.status, ended.suspended_until) == (ListingStatus.PUBLISHED, None)
    assert ongoing.status == ListingStatus.SUSPENDED


def test_the_purge_erases_old_sent_e_mails_and_runs():
    from allervers.mailing.models import OutgoingEmail

    old = timezone.now() - datetime.timedelta(days=91)
    OutgoingEmail.objects.create(
        recipient="a@example.org", template="t", subject="s", body="b", status="sent", sent_at=old
    )
    OutgoingEmail.objects.create(recipient="b@example.org", template="t", subject="s", body="b", status="failed")
    DutyRun.objects.create(duty="outbox", slot=old, started_at=old)
    assert "1 courriel(s) envoyé(s) effacé(s)" in PERIODIC["purge"].call_local()
    assert list(OutgoingEmail.objects.values_list("recipient", flat=True)) == ["b@example.org"]
    assert list(DutyRun.objects.values_list("duty", flat=True)) == ["purge"]


def test_the_purge_erases_login_records_after_ninety_days():
    from axes.models import AccessLog

    old = AccessLog.objects.create(username="a@example.org", ip_address="192.0.2.1", user_agent="Firefox")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=91))
    recent = AccessLog.objects.create(username="b@example.org", ip_address="192.0.2.2", user_agent="Firefox")
    assert PERIODIC["purge"].call_local().endswith("1 connexion(s) journalisée(s) effacée(s)")
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
