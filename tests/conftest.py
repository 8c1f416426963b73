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

    from allervers.directory.exports.listings import _departments_by_region
    from allervers.directory.places import _commune_by_code

    cache.clear()
    _commune_by_code.cache_clear()
    _departments_by_region.cache_clear()


@pytest.fixture(autouse=True)
def _search_table_in_step(request):
    """After every test that writes through the ORM in a rolled-back transaction, the rows derived from the
    services (terms, search entries, search listings: allervers/directory/search_index.py) must equal their
    recomputation from the services and structures: whatever the test did (edits, suspensions, moderation,
    imports, deletions), no code path may leave them behind. The browser tests, which write through a live
    server, run the same check when their data set is torn down (tests/browser/conftest.py)."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if marker is None and "db" not in names:
        yield
        return
    if (marker is not None and marker.kwargs.get("transaction")) or {"transactional_db", "live_server"} & set(names):
        yield
        return
    request.getfixturevalue("db")
    yield
    assert_derived_rows_in_step()


def assert_derived_rows_in_step() -> None:
    from allervers.directory import search_index

    missing, extra = search_index.differences()
    assert not missing and not extra, (
        f"derived rows out of step: missing {sorted(missing, key=repr)[:3]}, extra {sorted(extra, key=repr)[:3]}"
    )
