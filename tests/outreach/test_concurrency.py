"""Two professionals confirm at the same moment for the last place: exactly one gets it, the other goes to the
waiting list. Real threads, each with its own database connection, on committed data.

PostgreSQL: the confirmation locks the session row (SELECT ... FOR UPDATE); the second transaction waits for the
first one's commit, then counts the places again. SQLite ignores FOR UPDATE, but every transaction opens with
BEGIN IMMEDIATE (transaction_mode in config/settings), which takes the database's write lock at once: the second
confirmation waits (busy timeout) and runs after the first. That holds for a database file, the embedded default.
The SQLite *test* database, though, lives in memory in shared-cache mode, where a second writer gets "database table
is locked" at once instead of waiting (the busy timeout does not apply to shared-cache table locks): the threaded
test therefore runs on PostgreSQL only, and on SQLite is skipped with that reason."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from allervers.outreach.enums import RegistrationStatus
from allervers.outreach.models import Offer, Registration
from tests.outreach.conftest import make_session, new_registration

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def last_place(django_db_setup):
    from django.core.management import call_command

    from allervers.territories.models import Commune

    if not Commune.objects.exists():
        call_command("load-territories", verbosity=0)
    from tests.factories import StructureFactory, commune

    organiser = StructureFactory(name="Organisme fictif", commune=commune("01053"))
    offer = Offer.objects.create(title="Session fictive", organiser=organiser, topic="emprise")
    session = make_session(offer, capacity=2, waiting=5)
    first = new_registration(session, 0)
    first.confirm()
    return session, [new_registration(session, n) for n in (1, 2)]


def test_two_confirmations_for_the_last_place_one_wins(last_place):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite test database is in-memory with a shared cache: a second writer gets 'database table is locked' "
            "at once instead of waiting, so two real concurrent confirmations cannot be run here; this test runs on "
            "PostgreSQL (DATABASE_URL=postgres://...), where the session row lock is what it checks"
        )
    session, contenders = last_place
    barrier = threading.Barrier(len(contenders))
    errors: list[BaseException] = []

    def confirm(registration: Registration) -> None:
        try:
            barrier.wait()
            registration.confirm()
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(r,)) for r in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    statuses = sorted(Registration.objects.filter(pk__in=[r.pk for r in contenders]).values_list("status", flat=True))
    assert statuses == sorted([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING])
    assert session.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 2
