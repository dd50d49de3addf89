"""What a document is, by its content (P-F4, issue 16.10): the types the portal accepts, the
first bytes that claim each, and the look inside that proves the claim.

A file claims a type by its first bytes (``claimed_type``); ``inspect`` then refuses one that is not
what it claims: HTML or an executable behind a PDF, JPEG or PNG header, a picture too large to
decode safely (its size read from its header, before anything decodes it), an archive that is not
a DOCX or ODT document, or one that unpacks to more than the configured limit (a zip bomb). Every
look is bounded: an archive is unpacked only as far as its declared sizes, which the limit bounds.
"""

import re
import struct
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

# The first bytes of each type, and the file name endings that may carry it.
SIGNATURES = {
    PDF: (b"%PDF-", (".pdf",)),
    PNG: (b"\x89PNG\r\n\x1a\n", (".png",)),
    JPEG: (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    DOCX: (b"PK\x03\x04", (".docx",)),
    ODT: (b"PK\x03\x04", (".odt",)),
}
# What a form accepts unless it says otherwise: scans and photos.
DOCUMENTS = (PDF, JPEG, PNG)
# A written work as students send it: the documents and the office formats.
WRITTEN_WORKS = (PDF, JPEG, PNG, DOCX, ODT)

DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Markup a browser would run, and the stubs of Windows and Linux executables: none belongs in a
# scan, a photo or a PDF, so finding one means the file is something else behind its header.
FOREIGN = re.compile(
    rb"<\s*(?:script|html|iframe|body|object|embed)[\s>/]|<!doctype\s+html|<\?php"
    rb"|This program cannot be run in DOS mode|\x7fELF[\x01\x02][\x01\x02]\x01",
    re.IGNORECASE,
)
CHUNK = 1024 * 1024


def names(types):
    """The types' names as people know them: "PDF, JPEG, PNG"."""
    known = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", DOCX: "DOCX", ODT: "ODT"}
    return ", ".join(known[content_type] for content_type in types)


def endings(types):
    return tuple(ending for content_type in types for ending in SIGNATURES[content_type][1])


def claimed_type(file, types=tuple(SIGNATURES)):
    """The type of ``types`` the file's first bytes claim, or None. A ZIP archive claims the office
    type its structure names (its content is checked by ``inspect``)."""
    head = read_at(file, 0, 16)
    claimed = [content_type for content_type in types if head.startswith(SIGNATURES[content_type][0])]
    if len(claimed) > 1:  # DOCX and ODT are both ZIP archives: the ODT's first member says which
        return ODT if read_at(file, 30, 8) == b"mimetype" else DOCX
    return claimed[0] if claimed else None


def sniff(file):
    """The content type the file's first bytes claim among every type the portal accepts, or None."""
    return claimed_type(file)


def read_at(file, offset, size):
    file.seek(offset)
    data = file.read(size)
    file.seek(0)
    return data


def inspect(file, content_type):
    """Refuse (ValidationError) a file that is not the ``content_type`` its first bytes claim."""
    try:
        INSPECTIONS[content_type](file)
    except (
        struct.error,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as broken:
        raise not_what_it_claims(content_type) from broken
    finally:
        file.seek(0)


def not_what_it_claims(content_type):
    return ValidationError(
        _("The file is not the %(type)s document it claims to be, or it is damaged: save it again and attach it.")
        % {"type": names([content_type])}
    )


def refuse_foreign_content(file, content_type):
    """HTML or an executable anywhere in the file; chunks overlap so a marker split by a chunk counts."""
    file.seek(0)
    tail = b""
    while block := file.read(CHUNK):
        if FOREIGN.search(tail + block):
            raise ValidationError(
                _(
                    "The file starts as a %(type)s document but holds a web page or a program: it is refused. "
                    "Attach the document itself."
                )
                % {"type": names([content_type])}
            )
        tail = block[-64:]


def inspect_pdf(file):
    """A PDF ends with its ``%%EOF`` marker (a little trailing garbage is common) and holds no HTML."""
    file.seek(0, 2)
    size = file.tell()
    if b"%%EOF" not in read_at(file, max(0, size - 1024), 1024):
        raise ValueError("no %%EOF")
    refuse_foreign_content(file, PDF)


def inspect_png(file):
    """The chunks of a PNG from its header (IHDR, whose size is checked first) to IEND, each with
    its checksum, and nothing foreign in them."""
    offset = 8
    while True:
        length, kind = struct.unpack(">I4s", read_at(file, offset, 8))
        if offset == 8 and (kind != b"IHDR" or length != 13):
            raise ValueError("no IHDR")
        if length <= CHUNK:  # the picture's data may come in large chunks: those are scanned below
            data = read_at(file, offset + 8, length)
            (checksum,) = struct.unpack(">I", read_at(file, offset + 8 + length, 4))
            if len(data) != length or zlib.crc32(kind + data) != checksum:
                raise ValueError("bad chunk")
        if kind == b"IHDR":
            refuse_too_large_picture(*struct.unpack(">II", data[:8]))
        if kind == b"IEND":
            break
        offset += 12 + length
    refuse_foreign_content(file, PNG)


# JPEG markers that start a frame and give its size (SOF0-SOF15 but DHT, JPG and DAC).
JPEG_FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def inspect_jpeg(file):
    """The segments of a JPEG from its start to the scan, its frame's size checked before the
    scan, the end-of-image marker after it, and nothing foreign in it."""
    offset, size = 2, None
    while True:
        _marker, kind, length = struct.unpack(">BBH", read_at(file, offset, 4))
        if kind in JPEG_FRAMES:
            height, width = struct.unpack(">HH", read_at(file, offset + 5, 4))
            size = (width, height)
        if kind == 0xDA:  # the scan: the picture's data follows
            break
        offset += 2 + length
    if size is None:
        raise ValueError("no frame")
    refuse_too_large_picture(*size)
    file.seek(0, 2)
    end = file.tell()
    if b"\xff\xd9" not in read_at(file, max(offset, end - 1024), 1024):
        raise ValueError("no end of image")
    refuse_foreign_content(file, JPEG)


def refuse_too_large_picture(width, height):
    """A decompression bomb: a small file declaring a picture that would take gigabytes to decode."""
    if not (width and height):
        raise ValueError("empty picture")
    if width * height > settings.FORMS_MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "The picture is %(width)s × %(height)s pixels; at most %(limit)s megapixels are accepted. "
                "Save it smaller and attach it again."
            )
            % {"width": width, "height": height, "limit": settings.FORMS_MAX_IMAGE_PIXELS // 1_000_000}
        )


def inspect_docx(file):
    """A DOCX is a ZIP archive whose ``[Content_Types].xml`` declares a word-processing main
    document and which holds ``word/document.xml``."""
    with zipfile.ZipFile(file) as archive:
        refuse_bomb(archive)
        members = set(archive.namelist())
        if "word/document.xml" not in members or "[Content_Types].xml" not in members:
            raise ValueError("not a word-processing document")
        with archive.open("[Content_Types].xml") as types:
            if DOCX_MAIN not in types.read(CHUNK):
                raise ValueError("no main document")


def inspect_odt(file):
    """An ODT is a ZIP archive whose first member is the uncompressed ``mimetype`` file naming the
    OpenDocument text type (OpenDocument 1.2, part 3, 3.3)."""
    with zipfile.ZipFile(file) as archive:
        refuse_bomb(archive)
        first = archive.infolist()[0]
        if (first.filename, first.compress_type, first.header_offset) != ("mimetype", zipfile.ZIP_STORED, 0):
            raise ValueError("no mimetype first")
        if archive.read(first) != ODT.encode():
            raise ValueError("not a text document")


def refuse_bomb(archive):
    """An archive declaring more members or unpacked bytes than the limits is refused unread. The
    declared sizes bound the unpacking (zipfile stops at them), and reading each member through
    checks its checksum: one that understates its size is refused as damaged."""
    entries = archive.infolist()
    declared = sum(entry.file_size for entry in entries)
    if len(entries) > settings.FORMS_MAX_ARCHIVE_MEMBERS or declared > settings.FORMS_MAX_UNPACKED_BYTES:
        raise too_large_unpacked(settings.FORMS_MAX_UNPACKED_BYTES)
    for entry in entries:
        with archive.open(entry) as member:
            while member.read(CHUNK):
                pass


def too_large_unpacked(limit):
    return ValidationError(
        _(
            "The document unpacks to more than %(limit)s: it is refused as it could not be opened safely. "
            "Save it again without large embedded objects, or as a PDF."
        )
        % {"limit": filesizeformat(limit)}
    )


INSPECTIONS = {PDF: inspect_pdf, PNG: inspect_png, JPEG: inspect_jpeg, DOCX: inspect_docx, ODT: inspect_odt}
