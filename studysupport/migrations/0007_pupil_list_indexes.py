"""The pupils list at a million rows (issue 15.6): its default sort and its filters by index, its
search (``icontains`` on four columns) by trigram indexes on PostgreSQL."""

from django.db import migrations, models

SEARCHED = ("external_code", "first_name", "last_name", "school")


def trigram_indexes(apps, schema_editor):
    """Django's ``icontains`` reads ``UPPER(column::text) LIKE UPPER(%s)`` on PostgreSQL: a GIN
    trigram index on that expression serves it, whatever part of the name is typed. SQLite has
    no such index and scans: nothing to do there."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS studysupport_pupil_{column}_trgm ON studysupport_pupil "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS studysupport_pupil_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("studysupport", "0006_recognition_decisions_intake_scoping"),
    ]

    operations = [
        # The list's default order (last name, first name, newest first), with the columns its
        # scope and filters read, so a page's keys come from the index alone.
        migrations.AddIndex(
            model_name="pupil",
            index=models.Index(
                fields=["last_name", "first_name", "-id"],
                include=["institution", "status", "school_level", "initiative"],
                name="studysupport_pupil_by_name",
            ),
        ),
        migrations.AddIndex(model_name="pupil", index=models.Index(fields=["status"], name="studysupport_pupil_status")),
        migrations.AddIndex(
            model_name="pupil", index=models.Index(fields=["school_level"], name="studysupport_pupil_level")
        ),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
