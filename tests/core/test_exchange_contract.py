"""Issue 10, items 7 and 9: every list's export works or is absent, and honours its resource.

The walks go over every registered records list (core.admin.record_admins), so a list a new
domain registers gets the same checks without a test of its own.
"""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from wagtail.users.models import UserProfile

from core.admin import record_admins
from core.exchange import EXPORT_CONTENT_TYPES, export_columns, read_table, stream_export
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.figures import school_year_start, with_district_figures
from studysupport.models import District
from tests.factories import InstitutionFactory, UserFactory
from tests.records import one_record_of_each
from tests.testdomain.admin import LoanAdmin
from tests.testdomain.factories import BookFactory, LoanFactory
from tests.testdomain.models import Loan
from tests.testdomain.resources import LoanResource

pytestmark = pytest.mark.django_db

LISTS = {model_admin.model._meta.label: model_admin for model_admin in record_admins()}
EXCHANGED = sorted(label for label, model_admin in LISTS.items() if model_admin.resource_class)
NOT_EXCHANGED = sorted(label for label, model_admin in LISTS.items() if not model_admin.resource_class)
FORMATS = tuple(EXPORT_CONTENT_TYPES)


@pytest.fixture
def world(client):
    """An administrator of one institution (the coordinator of its initiative, who reads its
    signals) with one record of every model there, and one of each in another institution."""
    ours = InstitutionFactory(code="ours")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    client.force_login(admin)
    return {"client": client, "admin": admin, "ours": one_record_of_each(ours, coordinator=admin)}


# Lists whose default filter adds computed columns: the district list is the overview of the
# current school year's figures per district (issue 19 item 7).
AS_LISTED = {District: lambda districts: with_district_figures(districts, school_year_start("", "ours"))}


def sample(world, model):
    """Our record of ``model`` as stored (set-up changed some after creating them), with what its
    list computes for it."""
    record = world["ours"].get(model)
    assert record is not None, f"{model._meta.label} has no sample: add it to tests/records.py"
    return AS_LISTED.get(model, lambda records: records)(model.objects.filter(pk=record.pk)).get()


def cells(values):
    return ["" if value is None else str(value) for value in values]


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("label", EXCHANGED)
def test_every_lists_export_in_every_format_holds_its_records(world, label, file_format):
    model_admin = LISTS[label]
    record = sample(world, model_admin.model)
    one_record_of_each(InstitutionFactory(code="theirs"))  # never in our export (P-A2)
    response = world["client"].get(f"{model_admin.url_helper.index_url}export/", {"format": file_format})
    assert response.status_code == 200
    assert response["Content-Type"] == EXPORT_CONTENT_TYPES[file_format]
    table = read_table(b"".join(response.streaming_content), f"export.{file_format}")
    resource = model_admin.resource_class(user=world["admin"], escape_formulae=file_format != "json")
    assert table.headers == resource.get_export_headers()
    assert [cells(row) for row in table] == [cells(resource.export_resource(record))]


@pytest.mark.parametrize("label", NOT_EXCHANGED)
def test_a_list_without_a_resource_has_no_export_at_all(world, label):
    model_admin = LISTS[label]
    sample(world, model_admin.model)
    index_url = model_admin.url_helper.index_url
    page = world["client"].get(index_url).content.decode()
    assert f"{index_url}export/" not in page and f"{index_url}import/" not in page
    for file_format in FORMATS:
        assert world["client"].get(f"{index_url}export/", {"format": file_format}).status_code == 404


def test_the_exchanged_lists_show_their_buttons(world):
    for label in EXCHANGED:
        index_url = LISTS[label].url_helper.index_url
        page = world["client"].get(index_url).content.decode()
        assert all(f"{index_url}export/?format={file_format}" in page for file_format in FORMATS), label


# Item 9: the export honours the resource ----------------------------------------------------
class DehydratingLoanResource(LoanResource):
    def dehydrate_borrower(self, loan):
        return loan.borrower.upper()


class OwnExportLoanResource(LoanResource):
    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return f"<{value}>" if field.column_name == "email" else value


@pytest.fixture
def loans():
    library = InstitutionFactory(code="library-x")
    book = BookFactory(institution=library, code="de-vlieger")
    return [
        LoanFactory(institution=library, book=book, borrower=f"Lotte{number}", email="lotte@example.org")
        for number in range(30)
    ]


def exported(resource_class, queryset=None):
    resource = resource_class()
    lines = b"".join(stream_export(resource, queryset or Loan.objects.order_by("pk"), "csv")).decode("utf-8-sig")
    return list(read_table(lines.encode(), "x.csv"))


def test_a_dehydrate_method_is_honoured_and_the_other_columns_stay_plain(loans):
    columns = export_columns(DehydratingLoanResource())
    headers = DehydratingLoanResource().get_export_headers()
    paths = dict(zip(headers, (path for path, _render in columns), strict=True))
    assert paths["Borrower"] is None, "the resource renders it"
    assert paths["E-mail"] == "email" and paths["Book"] == "book__code", "read as values"
    borrowers = [row[headers.index("Borrower")] for row in exported(DehydratingLoanResource)]
    assert borrowers == [f"LOTTE{number}" for number in range(30)]


def test_an_overridden_export_field_is_honoured(loans):
    assert all(path is None for path, _render in export_columns(OwnExportLoanResource()))
    headers = OwnExportLoanResource().get_export_headers()
    rows = exported(OwnExportLoanResource)
    assert {row[headers.index("E-mail")] for row in rows} == {"<lotte@example.org>"}
    assert rows == [cells(OwnExportLoanResource().export_resource(loan)) for loan in Loan.objects.order_by("pk")]


def test_a_plain_resource_reads_plain_values_only():
    assert all(path for path, _render in export_columns(LoanResource()))


@pytest.mark.parametrize("resource_class", [LoanResource, DehydratingLoanResource, OwnExportLoanResource])
def test_the_export_streams_with_a_fixed_number_of_queries(loans, resource_class, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert len(exported(resource_class)) == 30


@pytest.mark.parametrize("resource_class", [DehydratingLoanResource, OwnExportLoanResource])
def test_the_admins_export_and_export_records_use_the_domains_resource(
    loans, resource_class, monkeypatch, client, tmp_path
):
    monkeypatch.setattr(LoanAdmin, "resource_class", resource_class)
    library = loans[0].institution
    client.force_login(UserFactory(username="library-x-admin", role=INSTITUTION_ADMINISTRATOR, institution=library))
    response = client.get("/admin/testdomain/loan/export/", {"format": "csv"})
    from_admin = list(read_table(b"".join(response.streaming_content), "x.csv"))
    path = tmp_path / "loans.csv"
    call_command("export_records", "testdomain.Loan", "-o", str(path))
    from_command = list(read_table(path.read_bytes(), "x.csv"))
    expected = [cells(resource_class().export_resource(loan)) for loan in Loan.objects.order_by("pk")]
    assert sorted(from_admin) == sorted(from_command) == sorted(expected)
    assert expected != [cells(LoanResource().export_resource(loan)) for loan in Loan.objects.order_by("pk")]


# Issue 11, item 13: the export holds what the list shows ------------------------------------
def exported_rows(client, url, query):
    response = client.get(f"{url}export/?format=csv&{query}")
    assert response.status_code == 200, query
    return list(read_table(b"".join(response.streaming_content), "export.csv"))


@pytest.mark.parametrize("label", EXCHANGED)
def test_every_lists_export_holds_what_the_list_shows_under_each_filter_and_search(world, label):
    model_admin = LISTS[label]
    sample(world, model_admin.model)
    index_url, client = model_admin.url_helper.index_url, world["client"]
    view = client.get(index_url).context["view"]
    queries = ["", "o=0"]
    queries += [choice["query_string"].lstrip("?") for spec in view.filter_specs for choice in spec.choices(view)]
    if model_admin.search_fields:
        queries += ["q=no-record-is-called-this", "q=no-record-is-called-this&o=0"]
    for query in queries:
        shown = client.get(f"{index_url}?{query}").context["result_count"]
        assert len(exported_rows(client, index_url, query)) == shown, query
    assert client.get(f"{index_url}export/?format=csv&institution__code__startswith=t").status_code == 400


# Issue 11, item 12: every exchanged list offers a template that imports ----------------------
def filled_template(template, file_format, row):
    """The downloaded template with ``row`` typed below its header, as a person fills it in."""
    if file_format == "csv":
        return template + (",".join(f'"{cell}"' for cell in row) + "\n").encode("utf-8")
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("label", EXCHANGED)
def test_every_lists_template_has_its_columns_in_the_users_language_and_imports(world, label, file_format):
    model_admin = LISTS[label]
    record = sample(world, model_admin.model)
    index_url, client = model_admin.url_helper.index_url, world["client"]
    assert f"{index_url}import_template/?format={file_format}" in client.get(f"{index_url}import/").content.decode()
    profile = UserProfile.get_for_user(world["admin"])
    profile.preferred_language = "nl"
    profile.save()
    response = client.get(f"{index_url}import_template/", {"format": file_format})
    with translation.override("nl"):
        resource = model_admin.resource_class(user=world["admin"])
        headers, row = resource.get_export_headers(), cells(resource.export_resource(record))
    assert response.status_code == 200 and response["Content-Type"] == EXPORT_CONTENT_TYPES[file_format]
    assert "attachment" in response["Content-Disposition"]
    template = b"".join(response.streaming_content)
    table = read_table(template, f"template.{file_format}")
    assert table.headers == headers and list(table) == []
    upload = SimpleUploadedFile(f"filled.{file_format}", filled_template(template, file_format, row))
    preview = client.get(client.post(f"{index_url}import/", {"file": upload})["Location"])
    report = preview.context["report"]
    assert (report["unchanged"], report["problems"]) == (1, []), (report, row, headers)
