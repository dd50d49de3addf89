from django.db import migrations

from core.roles import grant_record_permissions

MODELS = [
    "initiative",
    "pupil",
    "waitinglistentry",
    "volunteer",
    "support",
    "signal",
    "trainingsession",
    "subsidyapplication",
]


def grant(apps, schema_editor):
    grant_record_permissions(apps, "studysupport", MODELS)


class Migration(migrations.Migration):
    dependencies = [("studysupport", "0001_initial"), ("core", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
