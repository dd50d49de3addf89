"""P-A1/P-A2: the shared records admin, scoped per institution in every view.

Two institutions, one record each; a member of the first may never see, change or delete
the second's record, whatever URL they type (wagtail-nest/wagtail-modeladmin#21).
"""

import pytest

from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import BookFactory, LoanFactory
from tests.testdomain.models import Book, Loan

pytestmark = pytest.mark.django_db

URL = "/admin/testdomain/book/"


@pytest.fixture
def setting():
    ours, theirs = InstitutionFactory(code="ours"), InstitutionFactory(code="theirs")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    return {
        "admin": admin,
        "ours": ours,
        "theirs": theirs,
        "our_book": BookFactory(institution=ours, code="eigen-boek", title="Eigen"),
        "their_book": BookFactory(institution=theirs, code="vreemd-boek", title="Vreemd"),
    }


def test_list_shows_only_our_records(client, setting):
    client.force_login(setting["admin"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert setting["our_book"].code in html
    assert setting["their_book"].code not in html


@pytest.mark.parametrize("action", ["edit", "inspect", "delete"])
def test_another_institutions_record_is_not_found_by_url(client, setting, action):
    client.force_login(setting["admin"])
    assert client.get(f"{URL}{action}/{setting['our_book'].pk}/").status_code == 200
    assert client.get(f"{URL}{action}/{setting['their_book'].pk}/").status_code == 404


def test_posting_to_another_institutions_record_changes_nothing(client, setting):
    client.force_login(setting["admin"])
    their = setting["their_book"]
    assert client.post(f"{URL}delete/{their.pk}/").status_code == 404
    assert client.post(f"{URL}edit/{their.pk}/", {"title": "Overgenomen"}).status_code == 404
    their.refresh_from_db()
    assert their.title == "Vreemd"


def test_create_form_offers_only_our_institution(client, setting):
    client.force_login(setting["admin"])
    response = client.get(f"{URL}create/")
    form = response.context["form"]
    assert list(form.fields["institution"].queryset) == [setting["ours"]]
    assert form["institution"].value() == setting["ours"].pk
    assert f'<option value="{setting["ours"].pk}" selected>' in response.content.decode()


def test_creating_a_record_for_another_institution_is_refused(client, setting):
    client.force_login(setting["admin"])
    data = {"institution": setting["theirs"].pk, "code": "x1", "title": "Nieuw"}
    response = client.post(f"{URL}create/", data)
    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    assert not Book.objects.filter(code="x1").exists()
    data["institution"] = setting["ours"].pk
    assert client.post(f"{URL}create/", data).status_code == 302
    created = Book.objects.get(code="x1")
    assert created.history.get().history_user == setting["admin"], "the admin's change is audited with its user"


def test_superuser_sees_every_institution(client, setting, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "correct-horse-battery-staple")
    client.force_login(root)
    html = client.get(URL).content.decode()
    assert setting["our_book"].code in html and setting["their_book"].code in html
    assert client.get(f"{URL}edit/{setting['their_book'].pk}/").status_code == 200


def test_communication_staff_do_not_reach_records(client, communication_user, setting):
    client.force_login(communication_user)
    assert client.get(URL).status_code == 403


def test_a_list_page_costs_a_fixed_number_of_queries(client, setting, django_assert_max_num_queries):
    ours = setting["ours"]
    for book in BookFactory.create_batch(30, institution=ours):
        LoanFactory(institution=ours, book=book)
    client.force_login(setting["admin"])
    client.get(URL)  # warm the per-process caches (site, permissions)
    with django_assert_max_num_queries(25):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/admin/testdomain/loan/").status_code == 200


def test_reviewers_see_only_records_assigned_to_them(client, setting):
    ours = setting["ours"]
    reviewer = UserFactory(username="reviewer", role=REVIEWER, institution=ours)
    theirs = LoanFactory(institution=setting["theirs"], teacher=reviewer)
    mine, colleagues = LoanFactory(institution=ours, teacher=reviewer), LoanFactory(institution=ours)
    assert list(Loan.objects.for_user(reviewer)) == [mine]
    assert set(Loan.objects.for_user(setting["admin"])) == {mine, colleagues}
    # A model that names no reviewer (no ``reviewer_field``) shows a reviewer none of its records.
    assert not Book.objects.for_user(reviewer).exists()
    client.force_login(reviewer)
    assert client.get(f"/admin/testdomain/loan/inspect/{mine.pk}/").status_code == 200
    for loan in (colleagues, theirs):
        assert client.get(f"/admin/testdomain/loan/inspect/{loan.pk}/").status_code == 404
