"""Makes pytest-django create the test database when only this folder runs (see conftest.py)."""

import pytest


@pytest.mark.django_db
def test_the_browser_tests_run_on_the_test_database():
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    assert name.startswith("file:memorydb") or name.split("/")[-1].startswith("test_"), name
