"""Trigram index for name search across a kecamatan or kabupaten (PostgreSQL only).

``name__icontains`` compiles to ``UPPER(name::text) LIKE UPPER('%x%')`` on
PostgreSQL; a GIN trigram index on that expression serves it without a
sequential scan. SQLite has no such index and keeps the plain one.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS resident_name_upper_trgm "
    "ON registry_resident USING gin ((UPPER(name::text)) gin_trgm_ops)"
)
DROP = "DROP INDEX IF EXISTS resident_name_upper_trgm"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(CREATE)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_duplicates")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
