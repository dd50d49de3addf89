"""The domain contract (core.domains): one declaration in ``domain.py`` and nothing else.

The library domain beside this file has models, an admin, a resource, a form and a template,
and no hand-written migration, no hook, no registration call, no command of its own: everything below it
gets from its ``@register_domain`` declaration.
"""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core.admin import record_admin_for
from core.deadlines import deadlines_for
from core.domains import domains, run_daily_jobs
from core.figures import compute_figures, provider_choices
from core.models import Institution
from core.roles import INSTITUTION_ADMINISTRATOR
from forms_app.registry import form_choices, get_form_class
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.domain import LIBRARY, Library
from tests.testdomain.forms import LoanRequestForm
from tests.testdomain.models import Book, Loan, ReadingList

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    ours, theirs = InstitutionFactory(code="ours-library"), InstitutionFactory(code="theirs-library")
    admin = UserFactory(username="librarian", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    book = Book.objects.create(institution=ours, code="b1", title="Het Achterhuis")
    loan = Loan.objects.create(institution=ours, book=book, borrower="Lotte", lent_on=timezone.localdate())
    their_book = Book.objects.create(institution=theirs, code="b1", title="Max Havelaar")
    return {"ours": ours, "theirs": theirs, "admin": admin, "book": book, "loan": loan, "their_book": their_book}


def test_the_declaration_is_the_domain():
    library = next(domain for domain in domains() if isinstance(domain, Library))
    assert library.app_label == "testdomain"
    assert library.record_models == [Book, Loan, ReadingList]


def test_role_permissions_come_from_the_declared_models_without_a_migration():
    administrators = Group.objects.get(name=INSTITUTION_ADMINISTRATOR)
    granted = set(administrators.permissions.filter(content_type__app_label="testdomain").values_list("codename"))
    assert granted == {
        (f"{action}_{model}",)
        for action in ("add", "change", "delete", "view")
        for model in ("book", "loan", "readinglist")
    }


def test_records_lists_in_the_admin_menu_scoped_to_the_institution(client, library):
    client.force_login(library["admin"])
    assert "Library loans" in client.get("/admin/").content.decode()
    html = client.get("/admin/testdomain/book/").content.decode()
    assert "Het Achterhuis" in html and "Max Havelaar" not in html
    assert client.get(f"/admin/testdomain/book/edit/{library['their_book'].pk}/").status_code == 404
    assert client.get("/admin/testdomain/readinglist/").status_code == 200


def test_links_across_institutions_are_refused_by_the_base(library):
    loan = library["loan"]
    loan.book = library["their_book"]
    with pytest.raises(ValidationError) as refused:
        loan.full_clean()
    assert "book" in refused.value.error_dict
    reading = ReadingList.objects.create(institution=library["ours"], name="Zomer")
    with pytest.raises(ValidationError), transaction.atomic():
        reading.books.add(library["their_book"])


def test_every_change_has_its_history_with_user_and_a_history_view(client, library):
    client.force_login(library["admin"])
    loan = library["loan"]
    url = record_admin_for(Loan).url_helper.get_action_url("edit", loan.pk)
    data = {
        "institution": loan.institution_id,
        "book": loan.book_id,
        "borrower": "Lotte V.",
        "email": "",
        "lent_on": loan.lent_on.isoformat(),
        "returned_on": "",
    }
    assert client.post(url, data).status_code == 302
    newest = loan.history.first()
    assert newest.borrower == "Lotte V." and newest.history_user == library["admin"]
    history_url = record_admin_for(Loan).url_helper.get_action_url("history", loan.pk)
    assert "Lotte V." in client.get(history_url).content.decode()


def test_export_and_import_through_the_declared_resource(tmp_path, library):
    exported = tmp_path / "books.csv"
    call_command("export_records", "testdomain.Book", "-o", str(exported))
    assert "Het Achterhuis" in exported.read_text(encoding="utf-8-sig")
    call_command("import_records", "testdomain.Book", str(exported), stdout=(tmp_path / "out").open("w"))
    assert "new: 0, updated: 0, unchanged: 2" in (tmp_path / "out").read_text()


def test_a_list_without_a_resource_offers_no_import_or_export(client, library):
    client.force_login(library["admin"])
    html = client.get("/admin/testdomain/readinglist/").content.decode()
    assert "Export CSV" not in html and ">Import<" not in html
    assert client.get("/admin/testdomain/readinglist/export/?format=csv").status_code == 404
    assert "Export CSV" in client.get("/admin/testdomain/book/").content.decode()


def test_workflow_step_and_printed_document(client, library):
    client.force_login(library["admin"])
    helper, loan = record_admin_for(Loan).url_helper, library["loan"]
    assert "Lotte" in client.get(helper.get_action_url("print", loan.pk, "slip")).content.decode()
    assert client.post(helper.get_action_url("workflow", loan.pk, "give_back")).status_code == 302
    loan.refresh_from_db()
    assert loan.returned_on == timezone.localdate()
    assert loan.history.first().history_change_reason == "Returned"


def test_form_figures_deadlines_and_daily_jobs(library):
    assert ("testdomain.loan_request", "Borrow a book") in form_choices()
    assert get_form_class("testdomain.loan_request") is LoanRequestForm
    assert ("testdomain", "Library: books") in provider_choices()
    assert compute_figures("testdomain", "ours-library") == [{"value": "1", "label": "books", "note": ""}]
    Loan.objects.filter(pk=library["loan"].pk).update(lent_on=date.today() - timedelta(days=30))
    overdue, _soon = deadlines_for(library["admin"])
    assert [entry["record"] for entry in overdue] == [library["loan"]]
    assert run_daily_jobs()["testdomain.count_overdue_loans"] == {"overdue": 1}


def test_demo_accounts_and_records_come_from_the_declaration(settings, tmp_path):
    settings.DEBUG = True
    call_command("load_demo", stdout=(tmp_path / "out").open("w"))
    assert "library-admin" in (tmp_path / "out").read_text()
    assert Book.objects.filter(institution__code=LIBRARY).count() == 1
    assert Institution.objects.get(code=LIBRARY).members.filter(username="library-admin").exists()
    call_command("load_demo", stdout=(tmp_path / "again").open("w"))
    assert Book.objects.filter(institution__code=LIBRARY).count() == 1, "a second run creates nothing"


def test_a_refused_delete_names_ten_protecting_records_and_counts_the_rest(client, library):
    """P-A2: a book lent twelve times cannot be deleted; the page names ten loans and counts two."""
    for number in range(11):
        Loan.objects.create(
            institution=library["ours"], book=library["book"], borrower=f"Lezer {number:02}", lent_on=date(2026, 1, 1)
        )
    client.force_login(library["admin"])
    url = record_admin_for(Book).url_helper.get_action_url("delete", library["book"].pk)
    html = client.post(url).content.decode()
    assert html.count("<li><b>") == 10
    assert "and 2 more records" in html and "cannot see" not in html
    assert Book.objects.filter(pk=library["book"].pk).exists()
