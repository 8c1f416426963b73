"""PostgreSQL: TRUNCATE empties a table without firing its row triggers, so 0002's guard let it through. A statement
trigger refuses it too.

Emptying an already empty log loses nothing: that is allowed, so that a test database can still be flushed between
transactional tests (pytest-django and Django's `flush` truncate every table at once on PostgreSQL), as on SQLite,
whose row triggers let an empty table be emptied. SQLite has no TRUNCATE (its DELETE is already refused by 0002).
"""

from django.db import migrations

TABLE = "referrals_accesslog"

POSTGRESQL_UP = f"""
CREATE FUNCTION referrals_accesslog_no_truncate() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {TABLE}) THEN
        RAISE EXCEPTION 'Le journal des accès est en ajout seul';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER referrals_accesslog_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION referrals_accesslog_no_truncate();
"""  # noqa: S608 (TABLE is a constant)
POSTGRESQL_DOWN = f"""
DROP TRIGGER IF EXISTS referrals_accesslog_no_truncate ON {TABLE};
DROP FUNCTION IF EXISTS referrals_accesslog_no_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_UP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DOWN)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_access_log_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]
