from django.db import migrations

# The administrators' permissions on the record models now come from the domain declaration
# (studysupport/domain.py, granted by core.domains after every migrate); kept for the graph.


class Migration(migrations.Migration):
    dependencies = [("studysupport", "0001_initial"), ("core", "0002_roles")]

    operations = []
