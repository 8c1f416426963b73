import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit_counts():
    # Rate-limit counters live in the cache: without this, a long test run would reach the limit.
    cache.clear()
    yield
    cache.clear()
