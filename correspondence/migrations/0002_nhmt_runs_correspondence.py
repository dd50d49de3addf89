from django.db import migrations

# The technical college of Novocheboksarsk runs the correspondence domain (issue 13); the seed's
# fixtures/institutions.json says the same for a fresh database.
CODE, DOMAIN = "nhmt", "correspondence"


def run_the_domain(apps, schema_editor):
    Institution = apps.get_model("core", "Institution")
    for institution in Institution.objects.filter(code=CODE):
        if DOMAIN not in institution.domains:
            institution.domains = [*institution.domains, DOMAIN]
            institution.save(update_fields=["domains"])


class Migration(migrations.Migration):
    dependencies = [("correspondence", "0001_initial"), ("core", "0008_institution_time_zone")]

    operations = [migrations.RunPython(run_the_domain, migrations.RunPython.noop)]
