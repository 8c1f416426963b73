"""Full-text indexes over Service.search_text (already folded and stemmed by search_tokens).

SQLite: an external-content FTS5 table kept in step by triggers; skipped on a build without FTS5, where the
search falls back to LIKE. PostgreSQL: a generated tsvector column ('simple' configuration: the words are
already French stems without accents) with a GIN index. Other databases: nothing.
"""

from typing import Any

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE directory_service_fts USING fts5("
    "search_text, content='directory_service', content_rowid='id', prefix='2 3 4')",
    "CREATE TRIGGER directory_service_fts_insert AFTER INSERT ON directory_service BEGIN "
    "INSERT INTO directory_service_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER directory_service_fts_delete AFTER DELETE ON directory_service BEGIN "
    "INSERT INTO directory_service_fts(directory_service_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER directory_service_fts_update AFTER UPDATE OF search_text ON directory_service BEGIN "
    "INSERT INTO directory_service_fts(directory_service_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO directory_service_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO directory_service_fts(directory_service_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_service_fts_insert",
    "DROP TRIGGER IF EXISTS directory_service_fts_delete",
    "DROP TRIGGER IF EXISTS directory_service_fts_update",
    "DROP TABLE IF EXISTS directory_service_fts",
]
POSTGRESQL_FORWARD = [
    "ALTER TABLE directory_service ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX directory_service_search_vector ON directory_service USING gin (search_vector)",
]
POSTGRESQL_BACKWARD = ["ALTER TABLE directory_service DROP COLUMN IF EXISTS search_vector"]


def _sqlite_has_fts5(cursor: Any) -> bool:
    cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
    return bool(cursor.fetchone()[0])


def forward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite" and _sqlite_has_fts5(cursor):
            statements = SQLITE_FORWARD
        elif connection.vendor == "postgresql":
            statements = POSTGRESQL_FORWARD
        else:
            return
        for statement in statements:
            cursor.execute(statement)


def backward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_moderation_and_upkeep")]

    operations = [migrations.RunPython(forward, backward)]
