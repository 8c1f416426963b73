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
    """Each test starts with empty caches: rate-limit counters, helplines, communes and regions read once."""
    from django.core.cache import cache

    from allervers.api.exports import _departments_by_region
    from allervers.directory.places import _commune_by_code

    cache.clear()
    _commune_by_code.cache_clear()
    _departments_by_region.cache_clear()
