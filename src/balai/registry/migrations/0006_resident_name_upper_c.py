"""Name search ordered by the upper-cased name, in byte order (PostgreSQL only).

A name search lists the names starting with the text first, alphabetically
(``selectors.resident_name_search``): ``UPPER(name) COLLATE "C" LIKE 'TEXT%'
ORDER BY UPPER(name) COLLATE "C", id`` is a range scan on this index that stops
after one page, however common the word. Status and area ride along so the
scope and status filters are checked in the index. SQLite keeps its plain scan.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS resident_name_upper_c ON registry_resident "
    '((UPPER(name::text) COLLATE "C"), id) INCLUDE (status, area_id)'
)
DROP = "DROP INDEX IF EXISTS resident_name_upper_c"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_import_jobs")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
