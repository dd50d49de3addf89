from django.db import migrations

from portfolio.points_table import load_default_table

SCHOOL = "emishevo-school"


def run_portfolio(apps, schema_editor):
    """МОУ Емишевская ОШ runs the portfolio, with the Regulation's points table (Appendix 2), where
    the school exists already; a new database gets both from the seed and the demo."""
    Institution = apps.get_model("core", "Institution")
    school = Institution.objects.filter(code=SCHOOL).first()
    if school is None:
        return
    if "portfolio" not in school.domains:
        school.domains = [*school.domains, "portfolio"]
        school.save(update_fields=["domains"])
    load_default_table(apps.get_model("portfolio", "PointsRow"), school)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_institution_time_zone"),
        ("portfolio", "0001_initial"),
    ]

    operations = [migrations.RunPython(run_portfolio, migrations.RunPython.noop)]
