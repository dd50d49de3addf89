"""P-F4, issue 16.10: a document is what its content proves, not what its name or first bytes
claim. DOCX and ODT (a written work) by their structure; HTML or a program behind a PDF, JPEG or
PNG header refused; a picture's size read from its header before anything decodes it; a zip bomb
posing as a DOCX refused without unpacking it whole."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from core.file_types import DOCUMENTS, DOCX, ODT, WRITTEN_WORKS, sniff
from forms_app.uploads import validate_upload
from tests.forms_app.files import DOCX as DOCX_FILE
from tests.forms_app.files import (
    HTML,
    JPEG,
    PDF,
    PNG,
    archive,
    docx,
    jpeg_declaring,
    odt,
    png_declaring,
    upload,
)
from tests.forms_app.files import ODT as ODT_FILE

EXE = (
    b"MZ\x90\x00\x03"
    + b"\x00" * 59
    + b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21This program cannot be run in DOS mode.\r\n$"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56


def work(name, content):
    return validate_upload(upload(name, content), WRITTEN_WORKS)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("работа.docx", DOCX_FILE, DOCX), ("работа.ODT", ODT_FILE, ODT), ("скан.pdf", PDF, "application/pdf")],
)
def test_a_written_work_passes_as_docx_odt_or_a_scan(name, content, content_type):
    assert work(name, content) == content_type


def test_office_documents_stay_refused_where_a_form_takes_scans_only():
    with pytest.raises(ValidationError, match="Only PDF, JPEG, PNG files are accepted"):
        validate_upload(upload("работа.docx", DOCX_FILE), DOCUMENTS)


def test_a_docx_named_odt_is_refused_by_its_content():
    with pytest.raises(ValidationError, match="name does not match its content"):
        work("работа.odt", DOCX_FILE)


@pytest.mark.parametrize(
    "content",
    [
        docx(document=False),  # no word/document.xml
        docx(main="application/vnd.ms-word.document.macroEnabled.main+xml"),  # a DOCM: macros
        docx(main="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        archive({"readme.txt": "not a document"}),
        b"PK\x03\x04" + b"\x00" * 200,  # a ZIP header in front of nothing
    ],
    ids=["no-document-xml", "macro-enabled", "spreadsheet-types", "plain-zip", "broken-zip"],
)
def test_a_zip_that_is_not_a_word_processing_document_is_refused_as_docx(content):
    with pytest.raises(ValidationError, match="not the DOCX document it claims to be"):
        work("работа.docx", content)


@pytest.mark.parametrize(
    "content",
    [
        odt(stored=False),  # the mimetype compressed
        odt(mimetype="application/vnd.oasis.opendocument.spreadsheet"),
        archive({"content.xml": "<x/>"}, first_stored=("META-INF/manifest.xml", "<x/>")),
    ],
    ids=["mimetype-compressed", "spreadsheet", "mimetype-not-first"],
)
def test_an_archive_without_the_text_mimetype_first_and_uncompressed_is_not_an_odt(content):
    with pytest.raises(ValidationError):
        work("работа.odt", content)


def test_a_zip_bomb_posing_as_docx_is_refused(settings):
    settings.FORMS_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = docx(extra={"word/media/image1.bin": b"\x00" * (8 * 1024 * 1024)})
    assert len(bomb) < 64 * 1024
    with pytest.raises(ValidationError, match="unpacks to more than 1"):
        work("работа.docx", bomb)


def understated(content, member, declared):
    """The archive with ``member``'s unpacked size understated in its local and central headers."""
    data = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        entry = zipped.getinfo(member)
    data[entry.header_offset + 22 : entry.header_offset + 26] = declared.to_bytes(4, "little")
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(member)] != member.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24 : central + 28] = declared.to_bytes(4, "little")
    return bytes(data)


def test_a_bomb_that_understates_its_size_is_refused_without_being_unpacked_whole(settings):
    settings.FORMS_MAX_UNPACKED_BYTES = 1024 * 1024
    lying = understated(docx(extra={"word/media/big.bin": b"\x00" * (8 * 1024 * 1024)}), "word/media/big.bin", 100)
    with pytest.raises(ValidationError):
        work("работа.docx", lying)


def test_too_many_members_is_refused(settings):
    settings.FORMS_MAX_ARCHIVE_MEMBERS = 10
    with pytest.raises(ValidationError, match="unpacks to more than"):
        work("работа.docx", docx(extra={f"word/part{n}.xml": "<x/>" for n in range(20)}))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.jpg", b"\xff\xd8\xff\xe0" + EXE),  # a program behind a JPEG header
        ("foto.png", b"\x89PNG\r\n\x1a\n" + ELF),
        ("scan.pdf", b"%PDF-1.4\n" + EXE),
    ],
    ids=["exe-behind-jpeg", "elf-behind-png", "exe-behind-pdf"],
)
def test_a_program_behind_a_picture_or_pdf_header_is_refused(name, content):
    with pytest.raises(
        ValidationError, match="not the (JPEG|PNG|PDF) document it claims|holds a web page or a program"
    ):
        validate_upload(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.jpg", JPEG + EXE),  # a whole picture, and a program after it
        ("foto.png", PNG + HTML),
        ("scan.pdf", b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"),  # a PDF header in front of HTML
        ("scan.pdf", PDF.replace(b"trailer", b"<html><body onload=x()>trailer")),
    ],
    ids=["exe-after-jpeg", "html-after-png", "html-behind-pdf-header", "html-inside-pdf"],
)
def test_a_web_page_or_program_inside_a_valid_looking_file_is_refused(name, content):
    with pytest.raises(ValidationError, match="holds a web page or a program"):
        validate_upload(upload(name, content))


def test_a_pdf_without_its_end_marker_is_refused():
    with pytest.raises(ValidationError, match="not the PDF document it claims"):
        validate_upload(upload("scan.pdf", PDF.replace(b"%%EOF", b"")))


@pytest.mark.parametrize(
    ("name", "content"),
    [("foto.png", png_declaring(60_000, 60_000)), ("foto.jpg", jpeg_declaring(65_000, 65_000))],
    ids=["png", "jpeg"],
)
def test_a_picture_too_large_to_decode_is_refused_from_its_header(name, content, monkeypatch):
    """A decompression bomb: a few bytes declaring billions of pixels; nothing decodes it."""
    import PIL.Image

    def no_decoding(*args, **kwargs):
        raise AssertionError("the picture was opened")

    monkeypatch.setattr(PIL.Image, "open", no_decoding)
    assert len(content) < 4096
    with pytest.raises(ValidationError, match="megapixels are accepted"):
        validate_upload(upload(name, content))


def test_the_pixel_limit_is_a_setting(settings):
    settings.FORMS_MAX_IMAGE_PIXELS = 11
    with pytest.raises(ValidationError, match="4 × 3 pixels"):
        validate_upload(upload("foto.png", PNG))
    settings.FORMS_MAX_IMAGE_PIXELS = 12
    assert validate_upload(upload("foto.png", PNG)) == "image/png"


def test_a_png_with_a_damaged_chunk_is_refused():
    damaged = bytearray(PNG)
    damaged[20] ^= 0xFF  # a byte of IHDR: its checksum no longer matches
    with pytest.raises(ValidationError, match="not the PNG document"):
        validate_upload(upload("foto.png", bytes(damaged)))


def test_a_stored_docx_is_served_as_docx():
    assert sniff(io.BytesIO(DOCX_FILE)) == DOCX and sniff(io.BytesIO(ODT_FILE)) == ODT
