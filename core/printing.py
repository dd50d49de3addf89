"""Printed documents as PDF (WeasyPrint on Debian's Pango, installed by ``make install``)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify


def printed_response(request, record, document):
    """``record``'s ``document`` (a core.admin.PrintedDocument) as A4 HTML or, with
    ``?format=pdf``, as PDF; in the institution's language and time zone, whoever asks (staff in
    the admin, a family in the visitors' area)."""
    with record.institution.localised():
        html = render_to_string(document.template, {"record": record, "document": document}, request=request)
    if request.GET.get("format") != "pdf":
        return HttpResponse(html)
    filename = f"{slugify(document.name)}-{record.pk}.pdf"
    return HttpResponse(
        html_to_pdf(html),
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def html_to_pdf(html):
    # Imported on first print: loading Pango costs a moment no other request should pay.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
