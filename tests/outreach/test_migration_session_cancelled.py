"""Migration 0004 moves the registrations of sessions cancelled before « séance annulée » existed, and its reverse
gives them back the status they had (read from the log line it wrote)."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from allervers.outreach.models import Registration, Session
from tests.outreach.conftest import confirmed, new_registration

pytestmark = pytest.mark.django_db

migration = importlib.import_module("allervers.outreach.migrations.0004_registration_status_session_cancelled")


def test_the_registrations_of_sessions_already_cancelled_are_closed_and_restored(training):
    session = training.session
    type(session).objects.filter(pk=session.pk).update(waiting_list_size=3)
    session.refresh_from_db()
    people = [confirmed(session, 1), confirmed(session, 2), confirmed(session, 3), new_registration(session, 4)]
    before = [r.status for r in people]
    assert before == ["inscrit", "inscrit", "liste-attente", "a-confirmer"]
    Session.objects.filter(pk=session.pk).update(cancelled_at=timezone.now())  # as the old code left it

    migration.close_registrations_of_cancelled_sessions(apps, None)
    rows = Registration.objects.filter(session=session).order_by("pk")
    assert {r.status for r in rows} == {"seance-annulee"}
    assert rows[2].logs.order_by("-pk").first().action.startswith("statut : sur liste d'attente → séance annulée")

    migration.restore_statuses(apps, None)
    assert [r.status for r in Registration.objects.filter(session=session).order_by("pk")] == before
