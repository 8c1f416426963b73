"""Transactional tests here empty the tables: the communes are loaded again after each (tests/mailing/servers.py)."""

import pytest

from tests.mailing.servers import TerritoriesBack, reload_territories


@pytest.fixture(autouse=True, scope="session")
def _territories_blocker(django_db_blocker):
    TerritoriesBack.blocker = django_db_blocker


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # After the session's last test the test database is already gone: nothing to load back.
    if nextitem is not None and TerritoriesBack.is_transactional(item) and TerritoriesBack.blocker is not None:
        with TerritoriesBack.blocker.unblock():
            reload_territories()
