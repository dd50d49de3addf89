"""P-X1, P-X4 in the admin: upload, preview with line-numbered problems, confirm; streamed export."""

from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.text import slugify

from core.exchange import read_table
from core.models import ImportBatch, Membership
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import Pupil
from tests.factories import InstitutionFactory, UserFactory
from tests.testdomain.factories import BookFactory, LoanFactory
from tests.testdomain.models import Book, Loan

pytestmark = pytest.mark.django_db

User = get_user_model()

URL = "/admin/testdomain/loan/"
HEADER = "institution;book;borrower;email;lent_on\n"
PUPILS = "/admin/studysupport/pupil/"  # a list whose name Russian declines (the test domain is untranslated)


@pytest.fixture
def admin_client(client):
    ours, theirs = InstitutionFactory(code="ours"), InstitutionFactory(code="theirs")
    BookFactory(institution=ours, code="b1")
    BookFactory(institution=theirs, code="b1")
    client.force_login(UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours))
    return client


def lend(institution_code, borrower):
    book = Book.objects.get(institution__code=institution_code, code="b1")
    return LoanFactory(institution=book.institution, book=book, borrower=borrower)


def upload(client, text, name="uitleningen.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(f"{URL}import/", {"file": file})


def test_preview_then_confirm(admin_client):
    response = upload(admin_client, HEADER + "ours;b1;Lina;;01.09.2026\nours;b1;Sem;;02.09.2026\n")
    assert response.status_code == 302
    preview = admin_client.get(response["Location"])
    assert preview.context["report"]["new"] == 2
    assert not Loan.objects.exists(), "the preview writes nothing"

    batch = ImportBatch.objects.get()
    confirmed = admin_client.post(f"{URL}import_confirm/{batch.pk}/")
    assert confirmed.status_code == 302
    assert Loan.objects.count() == 2
    batch.refresh_from_db()
    assert batch.status == "applied"


def test_invalid_rows_are_shown_by_line_and_block_the_confirm(admin_client):
    rows = "ours;b1;Ok;;01.09.2026\nours;b1;Fout;geen-adres;01.09.2026\ntheirs;b1;Ander;;01.09.2026\n"
    response = upload(admin_client, HEADER + rows)
    preview = admin_client.get(response["Location"] + "?errors=1")
    lines = [row["line"] for row in preview.context["rows"]]
    assert lines == [3, 4]
    html = preview.content.decode()
    assert "E-mail" in html and "Import all rows" not in html

    batch = ImportBatch.objects.get()
    admin_client.post(f"{URL}import_confirm/{batch.pk}/")
    assert not Loan.objects.exists()


def test_an_unreadable_file_gets_a_message_not_a_crash(admin_client):
    file = SimpleUploadedFile("kapot.xlsx", b"PK\x03\x04 not really a spreadsheet")
    response = admin_client.post(f"{URL}import/", {"file": file})
    assert response.status_code == 200
    assert "cannot be read" in response.content.decode()


def test_another_users_batch_is_not_found(admin_client):
    stranger = UserFactory(username="stranger")
    batch = ImportBatch.objects.create(
        model_label="testdomain.Loan", file=SimpleUploadedFile("x.csv", b"a"), original_name="x.csv", user=stranger
    )
    assert admin_client.get(f"{URL}import_preview/{batch.pk}/").status_code == 404


def test_export_streams_only_our_records_with_a_bom(admin_client):
    lend("ours", "E1")
    lend("theirs", "E2")
    response = admin_client.get(f"{URL}export/?format=csv")
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffInstitution,Book,Borrower")
    assert "E1" in body and "E2" not in body
    assert admin_client.get(f"{URL}export/?format=xlsx")["Content-Type"].startswith("application/vnd.openxml")


def test_list_offers_import_and_export(admin_client):
    html = admin_client.get(URL).content.decode()
    assert f'href="{URL}import/"' in html and f"{URL}export/?format=csv" in html


def test_the_records_admin_speaks_dutch_to_a_dutch_administrator(admin_client):
    from wagtail.users.models import UserProfile

    user = Membership.objects.get(institution__code="ours").user
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "nl"
    profile.save()
    html = admin_client.get(URL).content.decode()
    assert "Importeren" in html and "CSV exporteren" in html


@pytest.mark.parametrize("file_format", ["xlsx", "json"])
def test_xlsx_and_json_exports_stream_too_and_read_back(admin_client, file_format):
    lend("ours", "E1")
    lend("theirs", "E2")
    response = admin_client.get(f"{URL}export/?format={file_format}")
    assert response.streaming
    table = read_table(b"".join(response.streaming_content), f"loans.{file_format}")
    assert [row[table.headers.index("Borrower")] for row in table] == ["E1"]


def test_export_honours_the_lists_filters_search_and_ordering_and_is_named_after_the_list(admin_client):
    first, second = (
        BookFactory(institution=InstitutionFactory(code="ours"), code="b2"),
        Book.objects.get(institution__code="ours", code="b1"),
    )
    for borrower, book in (("E1", first), ("E2", second), ("E3", second)):
        LoanFactory(institution=book.institution, book=book, borrower=borrower)
    query = f"book__id__exact={second.pk}&o=-1"
    page = admin_client.get(f"{URL}?{query}").content.decode()
    assert f"{URL}export/?format=csv&amp;{query.replace('&', '&amp;')}" in page, "the buttons carry the query"
    response = admin_client.get(f"{URL}export/", {"format": "csv", "book__id__exact": second.pk, "o": "-1"})
    table = read_table(b"".join(response.streaming_content), "x.csv")
    assert [row[table.headers.index("Borrower")] for row in table] == ["E3", "E2"], "filtered, newest borrower first"
    searched = admin_client.get(f"{URL}export/", {"format": "json", "q": "E3"})
    table = read_table(b"".join(searched.streaming_content), "x.json")
    assert [row[table.headers.index("Borrower")] for row in table] == ["E3"]
    assert admin_client.get(f"{URL}export/", {"format": "csv", "password__regex": "x"}).status_code == 400
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="loans-{today}.csv"'


def set_language(language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(User.objects.get(username="ours-admin"))
    profile.preferred_language = language
    profile.save()


def test_the_export_is_named_in_the_users_language(admin_client):
    set_language("ru")
    response = admin_client.get(f"{PUPILS}export/", {"format": "xlsx"})
    with translation.override("ru"):
        name = f"{slugify(Pupil._meta.verbose_name_plural, allow_unicode=True)}-{timezone.localdate().isoformat()}.xlsx"
    assert not name.isascii()
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def test_the_institution_is_preselected_for_a_user_of_one_institution(admin_client):
    form = admin_client.get(f"{URL}import/").context["form"]
    assert form["institution"].value() == InstitutionFactory(code="ours").pk
    Membership.objects.create(user=User.objects.get(username="ours-admin"), institution=InstitutionFactory(code="two"))
    assert admin_client.get(f"{URL}import/").context["form"]["institution"].value() is None
