"""While the database is away, every page answers a French 503 with the emergency numbers, never a 500 (issue 12).

The database is really unreachable: the default connection is swapped for one to PostgreSQL on a closed port
(127.0.0.1:1), or to an SQLite file in a folder that does not exist. The test database itself is left alone.
"""

import copy
import json
import time
from collections.abc import Iterator

import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.urls import reverse

from tests.factories import UserFactory
from tests.portal.error_page_checks import error_page

pytestmark = pytest.mark.django_db

SEARCH = "/recherche/?commune=Oyonnax"
DRIVER_WORDS = ("OperationalError", "127.0.0.1", "refused", "refusée", "unable to open", "psycopg", "sqlite")


def swap_default_connection(**overrides: object) -> tuple[BaseDatabaseWrapper, BaseDatabaseWrapper]:
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict) | overrides
    replacement = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = replacement
    return original, replacement


@pytest.fixture
def database_away(tmp_path) -> Iterator[None]:
    if connections["default"].vendor == "postgresql":
        original, away = swap_default_connection(HOST="127.0.0.1", PORT="1")
    else:
        original, away = swap_default_connection(NAME=str(tmp_path / "absent" / "allervers.sqlite3"))
    yield
    away.close()
    connections["default"] = original


@pytest.fixture
def logged_in(client) -> None:
    # Requested before database_away: the session is written while the database is there.
    client.force_login(UserFactory())


def test_a_search_answers_the_french_503_while_the_database_is_away(client, database_away):
    response = client.get(SEARCH)
    html = error_page(response, 503)
    assert "Service momentanément indisponible" in html
    assert "appelez le 17 ou le 112" in html
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    for word in DRIVER_WORDS:
        assert word not in html, word


def test_a_logged_in_professional_gets_the_503_when_the_session_cannot_be_read(client, logged_in, database_away):
    # The session's user is loaded by the middlewares, not by a view: Django reports the exception as uncaught
    # (the test client would raise it again) before it asks handler500 for the page.
    client.raise_request_exception = False
    html = error_page(client.get(reverse("backoffice:home")), 503)
    assert "Service momentanément indisponible" in html


def test_the_api_answers_its_json_503_while_the_database_is_away(client, database_away):
    response = client.get("/api/v1/search/services", {"code_commune": "01283"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert json.loads(response.content) == {
        "detail": "Le service est momentanément indisponible : réessayez dans quelques instants."
    }


def test_the_error_pages_render_while_the_database_is_away(client, database_away):
    assert "Page non trouvée" in error_page(client.get("/cette-page-n-existe-pas/"), 404)


@pytest.mark.parametrize(("health_checks", "status"), [(True, 200), (False, 503)])
def test_a_connection_killed_by_a_restart_is_replaced_before_the_next_request(client, health_checks, status):
    """The restart's last 500s came from a persistent connection that died while idle. With health checks (the
    setting), the next request reconnects; without, it fails, now with the 503 rather than a 500."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL only: an SQLite connection does not die with a server")
    original, persistent = swap_default_connection(CONN_MAX_AGE=600, CONN_HEALTH_CHECKS=health_checks)
    try:
        assert client.get(SEARCH).status_code == 200
        pid = persistent.connection.info.backend_pid
        with original.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(50):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    break
                time.sleep(0.1)
        # What Django does at the start of every request (the test client leaves it out).
        persistent.close_if_unusable_or_obsolete()
        assert client.get(SEARCH).status_code == status
    finally:
        persistent.close()
        connections["default"] = original


def test_the_settings_check_the_health_of_persistent_connections(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
