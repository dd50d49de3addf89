"""Issue 11, item 12: an import a person can follow. Every message of the preview is a sentence
in the user's language, a file without institutions gets one message instead of one per row,
and the preview shows the rows' values and an update's changes, for a bounded number of rows."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.users.models import UserProfile

from core.exchange import DETAIL_FIRST_ROWS, ExchangeError, run_import
from core.models import ImportBatch, Membership
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import Pupil
from tests.factories import InitiativeFactory, InstitutionFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/studysupport/pupil/"
PUPILS = "institution;external_code;first_name;last_name;school_level;grade"
# Words of the English messages that a Dutch or Russian sentence never contains.
ENGLISH = re.compile(r"\b(the|is not|column|cell|rows?|must|which|write|file|choose|cannot|this)\b", re.IGNORECASE)
DEVELOPER_WORDS = ("None", "import_id_fields", "<class", "parsed", "NULL", "True or False", "zip file", "Expecting")


@pytest.fixture
def ours():
    institution = InstitutionFactory(code="ours")
    InitiativeFactory(institution=institution, code="de-vlieger")
    return institution


@pytest.fixture
def admin(ours):
    return UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


# Bad cells and bad files: (label, file) -> what a person reads ------------------------------
BAD_CELLS = {
    "unknown related code": ("studysupport.Pupil", f"{PUPILS};initiative\nours;P1;Lina;Peeters;BaO;4;nope\n"),
    "unknown institution": ("studysupport.Pupil", f"{PUPILS}\ntheirs;P1;Lina;Peeters;BaO;4\n"),
    "bad date": ("studysupport.Pupil", f"{PUPILS};registered_on\nours;P1;Lina;Peeters;BaO;4;31.02.2026\n"),
    "bad whole number": ("studysupport.Pupil", f"{PUPILS}\nours;P1;Lina;Peeters;BaO;vier\n"),
    "bad decimal": (
        "studysupport.SubsidyApplication",
        "institution;initiative;school_year;requested_amount;declares_support_free;declares_ghent_pupils\n"
        "ours;de-vlieger;2026-2027;veel;1;1\n",
    ),
    "bad yes or no": (
        "studysupport.Initiative",
        "institution;code;name;kind;coordinator_name;coordinator_email;keeps_waiting_list\n"
        "ours;k1;Kring;non_profit;An;an@example.org;misschien\n",
    ),
    "bad choice": ("studysupport.Pupil", f"{PUPILS}\nours;P1;Lina;Peeters;XX;4\n"),
    "empty required cell": ("studysupport.Pupil", f"{PUPILS}\nours;P1;;Peeters;BaO;4\n"),
    "empty required number": ("studysupport.Pupil", f"{PUPILS}\nours;P1;Lina;Peeters;BaO;\n"),
    "missing required column": ("studysupport.Pupil", "institution;external_code;first_name\nours;P1;L\nours;P2;S\n"),
    "missing key column": ("studysupport.Pupil", "institution;first_name;last_name;school_level\nours;L;P;BaO\n"),
    "no institution": ("studysupport.Pupil", "external_code;first_name;last_name;school_level;grade\nP1;L;P;BaO;4\n"),
    "repeated row": ("studysupport.Pupil", f"{PUPILS}\nours;P1;Lina;Peeters;BaO;4\nours;P1;Lina;Peeters;BaO;4\n"),
    "more cells than the header": ("studysupport.Pupil", f"{PUPILS}\nours;P1;Lina;Peeters;BaO;4;extra;cells\n"),
}
BAD_FILES = {
    "empty file": ("leeg.csv", b""),
    "header only": ("kop.csv", PUPILS.encode() + b"\n"),
    "wrong format": ("brief.pdf", b"%PDF-1.7\n\x00\x01binary"),
    "old excel": ("oud.xls", b"\xd0\xcf\x11\xe0\x00\x00\x00"),
    "broken spreadsheet": ("kapot.xlsx", b"PK\x03\x04 not a workbook"),
    "broken json": ("kapot.json", b"[{not json"),
}


def messages_of(label, text, admin, language):
    with translation.override(language):
        report = run_import(label, text.encode(), "rijen.csv", user=admin, dry_run=True)
    return [problem.message for problem in report.problems], [problem.column for problem in report.problems]


@pytest.mark.parametrize("language", ["nl", "ru"])
@pytest.mark.parametrize("case", list(BAD_CELLS))
def test_every_message_about_a_bad_cell_is_a_sentence_in_the_users_language(admin, case, language):
    label, text = BAD_CELLS[case]
    english, english_columns = messages_of(label, text, admin, "en")
    translated, columns = messages_of(label, text, admin, language)
    assert translated, f"{case}: the row must be refused"
    for message in translated:
        assert message not in english and not ENGLISH.search(message), f"{case}: not in {language}: {message}"
        assert not any(word in message for word in DEVELOPER_WORDS), message
    for column in columns:
        assert "_" not in column, f"{case}: the column is named as the export heads it, not {column}"
    assert len(translated) == len(english)


@pytest.mark.parametrize("language", ["nl", "ru"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_file_that_cannot_be_imported_is_refused_in_the_users_language(admin, case, language):
    name, raw = BAD_FILES[case]
    said = {}
    for spoken in ("en", language):
        with translation.override(spoken), pytest.raises(ExchangeError) as refused:
            run_import("studysupport.Pupil", raw, name, user=admin)
        said[spoken] = str(refused.value)
    assert said[language] != said["en"] and not ENGLISH.search(said[language]), said[language]
    assert not any(word in said["en"] for word in DEVELOPER_WORDS), said["en"]


def test_an_unknown_column_is_named_once_and_does_not_block(admin):
    report = run_import("studysupport.Pupil", f"{PUPILS};schoenmaat\nours;P1;L;P;BaO;4;42\n".encode(), "x.csv", admin)
    notice = "The column “schoenmaat” is not one of this list's columns; it is ignored."
    assert report.applied and report.notices == [notice]


def test_a_yes_or_no_cell_reads_the_portals_words(admin):
    header = "institution;code;name;kind;coordinator_name;coordinator_email;keeps_waiting_list;support_is_free"
    rows = "ours;k1;Kring;non_profit;An;an@example.org;ja;nee\nours;k2;Kring;non_profit;An;an@example.org;да;0\n"
    report = run_import("studysupport.Initiative", f"{header}\n{rows}".encode(), "x.csv", admin)
    assert report.applied, report.problems


# The institution ------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["nl", "ru"])
def test_rows_without_an_institution_get_one_message_in_the_users_language(client, admin, language):
    Membership.objects.create(user=admin, institution=InstitutionFactory(code="two"))  # nothing preselected
    speaks(admin, language)
    client.force_login(admin)
    rows = "".join(f"P{number};Lina;Peeters;BaO;4\n" for number in range(30))
    upload = SimpleUploadedFile("zonder.csv", f"external_code;first_name;last_name;school_level;grade\n{rows}".encode())
    preview = client.get(client.post(f"{URL}import/", {"file": upload})["Location"])
    html = preview.content.decode()
    with translation.override(language):
        column = str(Pupil._meta.get_field("institution").verbose_name).capitalize()
    expected, _columns = messages_of("studysupport.Pupil", "external_code\nP1\n", admin, language)
    assert [message for _column, message in preview.context["general_problems"]] == expected
    assert len(preview.context["general_problems"]) == 1 and column in html
    assert "None" not in html and "import_id_fields" not in html
    assert not Pupil.objects.exists() and ImportBatch.objects.get().report["problems"]
    assert client.post(f"{URL}import_confirm/{ImportBatch.objects.get().pk}/").status_code == 302
    assert not Pupil.objects.exists()


def test_the_chosen_institution_fills_the_cells_a_file_leaves_empty(admin, ours):
    text = f"{PUPILS}\nours;P1;Lina;Peeters;BaO;4\n;P2;Sem;Claes;SO;1\n"
    report = run_import("studysupport.Pupil", text.encode(), "x.csv", admin, institution="ours")
    assert report.applied and Pupil.objects.filter(institution=ours).count() == 2


# Values and changes in the preview ------------------------------------------------------------
@pytest.fixture
def previewed(client, admin, ours):
    """A file of 260 rows over 3 stored pupils: line 2 changes a stored pupil's last name and
    grade, line 3 leaves one as it is, line 250 is invalid."""
    PupilFactory(institution=ours, external_code="S1", first_name="Lina", last_name="Peeters", grade=4)
    PupilFactory(institution=ours, external_code="S2", first_name="Sem", last_name="Claes", grade=2)
    lines = ["ours;S1;Lina;Janssens;BaO;5", "ours;S2;Sem;Claes;BaO;2"]
    lines += [f"ours;N{number};Noor;Kind{number};{'XX' if number == 249 else 'BaO'};3" for number in range(3, 261)]
    client.force_login(admin)
    upload = SimpleUploadedFile("veel.csv", ("\n".join([PUPILS, *lines]) + "\n").encode())
    return client, client.post(f"{URL}import/", {"file": upload})["Location"]


def test_the_preview_shows_an_updates_changes_and_a_new_rows_values(previewed):
    client, location = previewed
    preview = client.get(location)
    rows = {row["line"]: row for row in preview.context["rows"]}
    assert rows[2]["kind"] == "updated"
    assert rows[2]["changes"] == [["Last name", "Peeters", "Janssens"], ["Grade", "4", "5"]]
    assert rows[3]["kind"] == "unchanged" and rows[3]["changes"] == []
    assert ("First name", "Noor") in rows[4]["values"] and ("Last name", "Kind3") in rows[4]["values"]
    html = preview.content.decode()
    assert "Peeters</del> → <ins>Janssens" in html and f"first {DETAIL_FIRST_ROWS} rows" in html


def test_the_preview_keeps_values_for_the_first_rows_and_the_rows_with_a_problem_only(previewed):
    client, location = previewed
    report = ImportBatch.objects.get().report
    assert set(report["details"]) == {str(line) for line in range(2, 2 + DETAIL_FIRST_ROWS)} | {"250"}
    last_page = client.get(f"{location}?p=3").context["rows"]
    kept = {row["line"]: row["kept"] for row in last_page}
    assert kept[250] and not kept[251]
    invalid = client.get(f"{location}?errors=1").context["rows"]
    assert [(row["line"], row["problems"]) for row in invalid] == [
        (250, [("School level", "“XX” is not one of the choices: BaO, SO.")])
    ]
