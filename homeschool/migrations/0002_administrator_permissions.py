from django.db import migrations

from core.roles import REVIEWER, grant_record_permissions

MODELS = [
    "homeschoolingcase",
    "homeschoolingorder",
    "teacherassignment",
    "homeschoolingcontract",
    "individualcurriculum",
    "curriculumline",
    "individualschedule",
    "scheduleentry",
]


def grant(apps, schema_editor):
    grant_record_permissions(apps, "homeschool", MODELS)
    # A deputy director with the reviewer role follows the cases they are responsible for (order,
    # item 3; clause 2.19): they read them and print their documents, the administrator edits.
    grant_record_permissions(apps, "homeschool", MODELS, group_name=REVIEWER, actions=("view",))


class Migration(migrations.Migration):
    dependencies = [("homeschool", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
