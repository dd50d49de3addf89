"""Small files with real signatures and structure, and the impostors P-F4 must refuse."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><script>alert(1)</script>"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def picture(kind, size=(4, 3)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


PNG = picture("PNG")
JPEG = picture("JPEG")


def png_declaring(width, height):
    """A PNG of a few bytes whose header declares ``width`` × ``height`` pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = [(b"IHDR", header), (b"IDAT", zlib.compress(b"\x00" * 64)), (b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data)) for kind, data in chunks
    )


def jpeg_declaring(width, height):
    """A real JPEG whose frame header is rewritten to declare ``width`` × ``height`` pixels."""
    data = bytearray(JPEG)
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def archive(members, first_stored=None):
    """A ZIP archive of ``members`` (name → bytes), with ``first_stored`` (name, bytes) first and uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        if first_stored:
            zipped.writestr(zipfile.ZipInfo(first_stored[0]), first_stored[1], compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


def docx(main=DOCX_MAIN, document=True, extra=None):
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
    )
    members = {"[Content_Types].xml": types, "_rels/.rels": "<Relationships/>"}
    if document:
        members["word/document.xml"] = "<w:document><w:body><w:p>Контрольная работа</w:p></w:body></w:document>"
    return archive({**members, **(extra or {})})


def odt(mimetype=ODT_TYPE, stored=True):
    content = {"content.xml": "<office:document-content>Контрольная работа</office:document-content>"}
    if stored:
        return archive(content, first_stored=("mimetype", mimetype))
    return archive({"mimetype": mimetype, **content})


DOCX = docx()
ODT = odt()


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)
