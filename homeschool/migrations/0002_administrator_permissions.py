from django.db import migrations

from core.roles import grant_record_permissions

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


class Migration(migrations.Migration):
    dependencies = [("homeschool", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
