"""The pupils list at a million rows (issue 15.6): its filters by index; on PostgreSQL its default
sort by a covering index and its search (``icontains`` on four columns) by trigram indexes."""

from django.db import migrations, models

SEARCHED = ("external_code", "first_name", "last_name", "school")


def postgresql_indexes(apps, schema_editor):
    """The list's default order (last name, first name, newest first) covering the columns its
    scope and filters read, so a page's keys come from the index alone (SQLite has no covering
    index). Django's ``icontains`` reads ``UPPER(column::text) LIKE UPPER(%s)`` on PostgreSQL: a
    GIN trigram index on that expression serves it, whatever part of the name is typed; SQLite
    has no such index and scans its small tables."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS studysupport_pupil_by_name ON studysupport_pupil "
        "(last_name, first_name, id DESC) INCLUDE (institution_id, status, school_level, initiative_id)"
    )
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS studysupport_pupil_{column}_trgm ON studysupport_pupil "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS studysupport_pupil_by_name")
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS studysupport_pupil_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("studysupport", "0006_recognition_decisions_intake_scoping"),
    ]

    operations = [
        migrations.AddIndex(model_name="pupil", index=models.Index(fields=["status"], name="studysupport_pupil_status")),
        migrations.AddIndex(
            model_name="pupil", index=models.Index(fields=["school_level"], name="studysupport_pupil_level")
        ),
        migrations.RunPython(postgresql_indexes, drop_postgresql_indexes, elidable=False),
    ]
