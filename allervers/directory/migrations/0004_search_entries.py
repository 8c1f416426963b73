"""The search table (allervers/directory/search_index.py): created by Django, then, on SQLite, remade
WITHOUT ROWID so that its rows are stored in primary-key (zone, service_id) order. 0005 fills it."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

TABLE = "directory_searchentry"


def store_in_key_order(apps: Any, schema_editor: Any) -> None:
    """SQLite: the same table and indexes, WITHOUT ROWID (a rowid table keeps rows in insertion order)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT type, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [TABLE])
        statements = cursor.fetchall()
        table_sql = next(sql for kind, sql in statements if kind == "table")
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"{table_sql} WITHOUT ROWID")
        for kind, sql in statements:
            if kind == "index":
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_search_text_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "zone", "service", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("zone", models.CharField(max_length=20)),
                ("level", models.PositiveSmallIntegerField()),
                ("on_site", models.BooleanField()),
                ("latitude", models.FloatField(null=True)),
                ("longitude", models.FloatField(null=True)),
                ("name", models.CharField(max_length=150)),
                ("thematiques", models.TextField()),
                ("publics", models.TextField()),
                ("modes_accueil", models.TextField()),
                ("frais", models.TextField()),
                ("hidden_until", models.DateField(null=True)),
                ("always_open", models.BooleanField()),
                ("opening_hours", models.TextField()),
                ("search_text", models.TextField()),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="directory.service"
                    ),
                ),
            ],
            options={
                "verbose_name": "entrée de recherche",
                "db_table": "directory_searchentry",
            },
        ),
        migrations.RunPython(store_in_key_order, migrations.RunPython.noop),
    ]
