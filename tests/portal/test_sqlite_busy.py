"""SQLite under concurrent writes (issue 12): a writer waits for another's lock, and when the wait runs out the
visitor reads a French "réessayez" page with Retry-After, never a 500.

A real file database (WAL, as in production), copied from the test database: one plain sqlite3 connection holds a
write transaction (BEGIN IMMEDIATE), as an import does, while the application writes through the test client.
"""

import copy
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core import mail
from django.db import connections
from django.db.utils import load_backend
from django.urls import reverse

from allervers.directory.tracking import ErrorReport
from tests.factories import ServiceFactory
from tests.portal.error_page_checks import error_page

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="SQLite's write lock"),
]

REPORT = {"elements": ["telephone"], "message": "Le numéro ne répond plus.", "website": ""}


@pytest.fixture(scope="module")
def database_copy(tmp_path_factory, django_db_setup, django_db_blocker) -> Path:
    """The test database copied to a file, before any test of the module opens its transaction (a connection
    cannot back up a database it is writing to)."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    with django_db_blocker.unblock():
        original = connections["default"]
        original.ensure_connection()
        with sqlite3.connect(path) as target:
            original.connection.backup(target)
        target.close()
    return path


def file_database(database_copy: Path, tmp_path: Path, **options: object) -> Iterator[Path]:
    """The default connection swapped for one to a fresh copy of the test database, with these OPTIONS."""
    path = tmp_path / "allervers.sqlite3"
    shutil.copyfile(database_copy, path)
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    settings_dict["NAME"] = str(path)
    settings_dict["OPTIONS"] = settings_dict["OPTIONS"] | options
    replacement = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = replacement
    try:
        yield path
    finally:
        replacement.close()
        connections["default"] = original


@pytest.fixture
def short_wait(database_copy, tmp_path) -> Iterator[Path]:
    yield from file_database(database_copy, tmp_path, timeout=0.2)


@pytest.fixture
def configured_wait(database_copy, tmp_path) -> Iterator[Path]:
    yield from file_database(database_copy, tmp_path)


def hold_write_lock(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_the_database_file_is_in_wal_mode(configured_wait):
    ServiceFactory()
    with sqlite3.connect(configured_wait) as reader:
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_write_that_cannot_get_the_lock_answers_the_french_busy_page(client, short_wait):
    service = ServiceFactory()
    holder = hold_write_lock(short_wait)
    try:
        response = client.post(
            reverse("backoffice:report-error", args=[service.pk]), REPORT, headers={"Sec-Fetch-Site": "same-origin"}
        )
    finally:
        holder.rollback()
        holder.close()
    html = error_page(response, 503)
    assert "Le service est momentanément occupé, réessayez dans un instant." in html
    assert response["Retry-After"] == "5"
    assert "locked" not in html
    assert not ErrorReport.objects.exists() and not mail.outbox


def test_a_write_waits_for_a_short_lock_with_the_configured_timeout(client, configured_wait):
    service = ServiceFactory()
    holder = hold_write_lock(configured_wait)
    releaser = threading.Timer(1.0, holder.rollback)
    releaser.start()
    started = time.monotonic()
    try:
        response = client.post(
            reverse("backoffice:report-error", args=[service.pk]), REPORT, headers={"Sec-Fetch-Site": "same-origin"}
        )
    finally:
        releaser.join()
        holder.close()
    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    assert time.monotonic() - started >= 0.9  # it did wait for the import's transaction to end
    assert ErrorReport.objects.count() == 1
