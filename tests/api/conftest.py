import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit_counts():
    # Rate-limit counters live in the cache: without this, a long test run would reach the limit.
    cache.clear()
    yield
    cache.clear()


# TEMPORARY until tests/conftest.py loads the communes for the whole session.
@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from allervers.territories.loading import load_reference

    with django_db_blocker.unblock():
        load_reference()
