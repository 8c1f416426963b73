"""Helplines become search results: both search tables get a `helpline` flag, then are rebuilt, now with the
helplines' rows and the contact words of every service (its numbers as digits, « tchat » for a chat).

The column is added in SQL, ADD COLUMN … NOT NULL DEFAULT FALSE on both databases: for a column with a default,
Django's AddField remakes a SQLite table (create, copy, drop, rename), which would turn the search table back
into a rowid table (0004 made it WITHOUT ROWID) and drop the listing table's full-text triggers (0005).
"""

from typing import Any

from django.db import migrations, models

TABLES = ("directory_searchentry", "directory_searchlisting")


def fill(apps: Any, schema_editor: Any) -> None:
    # Derived data: written by the current code (the same as `allervers rebuild-search-index`).
    from allervers.directory import search_index

    search_index.rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_listing_change_origin"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name=model, name="helpline", field=models.BooleanField(default=False))
                for model in ("searchentry", "searchlisting")
            ],
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE {table} ADD COLUMN helpline boolean NOT NULL DEFAULT FALSE",
                    f"ALTER TABLE {table} DROP COLUMN helpline",
                )
                for table in TABLES
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
