"""Trigram indexes for the application list's search (docs/decisions/0126-admin-search-and-status-filter.md).

The admin searches `reference`, `first_name`, `last_name` and `email` with `icontains`, which Django writes
on PostgreSQL as `UPPER("col"::text) LIKE UPPER('%term%')`: no B-tree index serves a pattern with a leading
wildcard, so every search read the whole table. A GIN index with `gin_trgm_ops` over exactly that expression
does. PostgreSQL only: the quick start's SQLite has no such index type and searches its few rows as before.
"""

from django.db import migrations

COLUMNS = ["reference", "first_name", "last_name", "email"]


def index_name(column):
    return f"pool_application_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(column)} ON pool_application "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(column)}")  # the extension stays


class Migration(migrations.Migration):
    dependencies = [
        ("pool", "0011_mark_submitted_applications_checked"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
