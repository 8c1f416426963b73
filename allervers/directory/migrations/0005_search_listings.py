# ruff: noqa: S608 (table names are constants of this file)
"""The listing table (allervers/directory/search_index.py) and its full-text index of listed services only.

SQLite: a contentless FTS5 table over search_text. search_index writes it with the rows it inserts (one
executemany: a trigger per row took five times as long); triggers on the listing table remove a deleted or
changed row's words (a deletion hands FTS5 the text it indexed). Skipped on a build without FTS5, where the
search falls back to LIKE.
PostgreSQL: a generated 'simple' tsvector column without positions and a GIN index (the words are already stemmed
and folded); the text itself is stored out of line so that the rows a count visits stay narrow.
Then both search tables are filled from the directory.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

TABLE = "directory_searchlisting"
FTS = f"{TABLE}_fts"
SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='', prefix='2 3 4')",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.service_id, old.search_text); END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.service_id, old.search_text); "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.service_id, new.search_text); END",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRESQL_FORWARD = [
    # Without positions (strip): the search asks for words and prefixes, never phrases.
    f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (strip(to_tsvector('simple', search_text))) STORED",
    f"CREATE INDEX {TABLE}_vector ON {TABLE} USING gin (search_vector)",
    # A count visits every matching row's page: keep the rows narrow, the text (read only to build the vector)
    # out of line, the vector in line. 30,000 services: 53 -> 23 MB, W2 without a place 31 -> 12 ms.
    f"ALTER TABLE {TABLE} ALTER COLUMN search_text SET STORAGE EXTERNAL, ALTER COLUMN search_vector SET STORAGE MAIN",
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 256)",
]
POSTGRESQL_BACKWARD = [f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector"]


def forward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
            statements = SQLITE_FORWARD if cursor.fetchone()[0] else []
        else:
            statements = POSTGRESQL_FORWARD if connection.vendor == "postgresql" else []
        for statement in statements:
            cursor.execute(statement)


def backward(apps: Any, schema_editor: Any) -> None:
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}.get(schema_editor.connection.vendor)
    with schema_editor.connection.cursor() as cursor:
        for statement in statements or []:
            cursor.execute(statement)


def fill(apps: Any, schema_editor: Any) -> None:
    # Derived data: written by the current code (the same as `allervers rebuild-search-index`).
    from allervers.directory import search_index

    search_index.rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_search_entries"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchListing",
            fields=[
                (
                    "service",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="directory.service",
                    ),
                ),
                ("name", models.CharField(max_length=150)),
                ("on_site", models.BooleanField()),
                ("thematiques", models.TextField()),
                ("publics", models.TextField()),
                ("modes_accueil", models.TextField()),
                ("frais", models.TextField()),
                ("hidden_until", models.DateField(null=True)),
                ("always_open", models.BooleanField()),
                ("opening_hours", models.TextField()),
                ("search_text", models.TextField()),
            ],
            options={
                "verbose_name": "fiche de recherche",
                "db_table": "directory_searchlisting",
                "indexes": [
                    models.Index(fields=["name", "service", "hidden_until"], name="searchlisting_name"),
                    models.Index(fields=["hidden_until"], name="searchlisting_hidden"),
                ],
            },
        ),
        migrations.RunPython(forward, backward),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
