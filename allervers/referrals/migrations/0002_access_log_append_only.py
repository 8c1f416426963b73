"""The database itself refuses to change or delete a line of the access log, whatever the code does."""

from django.db import migrations

TABLE = "referrals_accesslog"

POSTGRESQL_UP = f"""
CREATE FUNCTION referrals_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Le journal des accès est en ajout seul';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER referrals_accesslog_no_update BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION referrals_accesslog_append_only();
"""
POSTGRESQL_DOWN = f"""
DROP TRIGGER IF EXISTS referrals_accesslog_no_update ON {TABLE};
DROP FUNCTION IF EXISTS referrals_accesslog_append_only();
"""
SQLITE_UP = [
    f"""CREATE TRIGGER referrals_accesslog_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'Le journal des accès est en ajout seul'); END;""",
    f"""CREATE TRIGGER referrals_accesslog_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'Le journal des accès est en ajout seul'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS referrals_accesslog_no_update;",
    "DROP TRIGGER IF EXISTS referrals_accesslog_no_delete;",
]


def _run(schema_editor, postgresql, sqlite):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgresql)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_UP, SQLITE_UP)


def backwards(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_DOWN, SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_hand_overs")]

    operations = [migrations.RunPython(forwards, backwards)]
