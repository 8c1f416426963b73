"""Transactional tests here empty the tables, as in tests/mailing: the same fixture and hook load the communes back."""

from tests.mailing.conftest import _territories_blocker, pytest_runtest_teardown  # noqa: F401
