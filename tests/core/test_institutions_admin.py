"""The superuser keeps the institutions in the admin (Settings → Institutions): the years records are
kept before the daily purge (P-O3), the domains each runs, its time zone; nobody else sees them and
nobody deletes one there."""

import pytest
from django.urls import reverse

from core.roles import INSTITUTION_ADMINISTRATOR
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return InstitutionFactory(code="school", name="School", country="RU", language="ru", domains=["homeschool"])


def form_data(institution, **changes):
    data = {
        "code": institution.code,
        "name": institution.name,
        "short_name": institution.short_name,
        "country": institution.country,
        "language": institution.language,
        "website": institution.website,
        "domains": institution.domains,
        "time_zone": institution.time_zone,
        "retention_years": institution.retention_years,
    }
    return {**data, **changes}


def test_the_superuser_sets_the_years_records_are_kept_and_the_domains(admin_client, school):
    edit = reverse("institutions:edit", args=[school.pk])
    form = admin_client.get(edit).context["form"]
    assert form["domains"].value() == ["homeschool"] and form["retention_years"].value() == school.retention_years
    response = admin_client.post(edit, form_data(school, retention_years=7, domains=["homeschool", "portfolio"]))
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.retention_years == 7 and school.domains == ["homeschool", "portfolio"]
    assert school.history.first().retention_years == 7, "the change has its history row"


def test_bad_values_are_refused_with_their_reason_and_nothing_changes(admin_client, school):
    edit = reverse("institutions:edit", args=[school.pk])
    response = admin_client.post(edit, form_data(school, retention_years=0, time_zone="Mars/Olympus"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "retention_years" in errors and "time_zone" in errors
    school.refresh_from_db()
    assert school.retention_years != 0 and school.time_zone != "Mars/Olympus"


def test_nobody_deletes_an_institution_here(admin_client, school):
    assert admin_client.get(reverse("institutions:delete", args=[school.pk])).status_code in (302, 403)
    assert admin_client.post(reverse("institutions:delete", args=[school.pk])).status_code in (302, 403)
    school.refresh_from_db()  # still there


def test_an_institution_administrator_sees_no_institutions(client, school):
    administrator = UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=school)
    client.force_login(administrator)
    assert client.get(reverse("institutions:index")).status_code in (302, 403)
    assert client.get(reverse("institutions:edit", args=[school.pk])).status_code in (302, 403)
    assert "Institutions" not in client.get("/admin/").content.decode()
