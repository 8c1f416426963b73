"""Drop the full-text indexes over the services table (0003): the searches now read the search tables
(search_index.py), whose listing table has its own index of listed services only. The services table's
indexes only cost every import and every save a second copy of the same words."""

from typing import Any

from django.db import migrations

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS directory_service_fts_insert",
    "DROP TRIGGER IF EXISTS directory_service_fts_delete",
    "DROP TRIGGER IF EXISTS directory_service_fts_update",
    "DROP TABLE IF EXISTS directory_service_fts",
]
POSTGRESQL_FORWARD = ["ALTER TABLE directory_service DROP COLUMN IF EXISTS search_vector"]


def forward(apps: Any, schema_editor: Any) -> None:
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}.get(schema_editor.connection.vendor)
    with schema_editor.connection.cursor() as cursor:
        for statement in statements or []:
            cursor.execute(statement)


def backward(apps: Any, schema_editor: Any) -> None:
    # Recreate them as 0003 did.
    from importlib import import_module

    import_module("allervers.directory.migrations.0003_search_text_indexes").forward(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_search_listings")]

    operations = [migrations.RunPython(forward, backward)]
