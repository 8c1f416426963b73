"""PostgreSQL: TRUNCATE, which fires no row trigger, cannot empty the hand-over access log either."""

import importlib

import pytest
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from allervers.referrals.enums import AccessAction
from allervers.referrals.models import AccessLog

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's (SQLite has none)"),
]

MIGRATION = importlib.import_module("allervers.referrals.migrations.0003_access_log_no_truncate")


def truncate(statement):
    with transaction.atomic(), connection.cursor() as cursor:
        # The rows this test wrote have deferred foreign-key checks, which TRUNCATE refuses to outrun: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(statement)


@pytest.fixture
def logged(parties):
    return AccessLog.record(parties.referral(), user=parties.receiver, action=AccessAction.READ)


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE referrals_accesslog",
        "TRUNCATE referrals_accesslog RESTART IDENTITY",
        "TRUNCATE referrals_referral CASCADE",
    ],
)
def test_the_database_refuses_to_truncate_the_log(logged, statement):
    with pytest.raises(DatabaseError, match="ajout seul"):
        truncate(statement)
    assert AccessLog.objects.filter(pk=logged.pk).exists()


def test_an_empty_log_can_be_flushed_with_every_table_as_the_tests_flush_does(db):
    assert not AccessLog.objects.exists()
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    assert "referrals_accesslog" in tables
    statements = connection.ops.sql_flush(no_style(), tables)
    with pytest.raises(_RolledBack), transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        raise _RolledBack  # the territories stay for the other tests


def test_the_migration_is_reversible(logged):
    with pytest.raises(_RolledBack), transaction.atomic():
        with connection.schema_editor() as editor:
            MIGRATION.backwards(None, editor)
        truncate("TRUNCATE referrals_accesslog")
        assert not AccessLog.objects.exists()
        with connection.schema_editor() as editor:
            MIGRATION.forwards(None, editor)
        AccessLog.objects.create(referral=logged.referral, user=logged.user, action=AccessAction.READ)
        with pytest.raises(DatabaseError, match="ajout seul"):
            truncate("TRUNCATE referrals_accesslog")
        raise _RolledBack
    assert AccessLog.objects.filter(pk=logged.pk).exists()


class _RolledBack(Exception):
    pass
