from django.db import migrations

# The university whose regulation this domain serves runs it (issue 11.7): a database seeded
# before the domain existed learns it here; a new one from fixtures/institutions.json.
UNIVERSITY = "metinvest-polytechnic"


def run_recognition(apps, schema_editor):
    Institution = apps.get_model("core", "Institution")
    for institution in Institution.objects.filter(code=UNIVERSITY):
        if "recognition" not in institution.domains:
            institution.domains = [*institution.domains, "recognition"]
            institution.save(update_fields=["domains"])


class Migration(migrations.Migration):
    dependencies = [("recognition", "0001_initial"), ("core", "0008_institution_time_zone")]

    operations = [migrations.RunPython(run_recognition, migrations.RunPython.noop)]
