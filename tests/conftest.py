"""Project-wide fixtures."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the shipped territories (COG 2025) loaded once for the whole session.

    Every test using the database can rely on real communes, departments, EPCI and postal codes. Tests run in
    a rolled-back transaction, so they keep them; a `transactional_db` test flushes every table, and the
    communes with it, for the tests that follow it.
    """
    with django_db_blocker.unblock():
        call_command("load-territories", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
