"""Printed documents as PDF (WeasyPrint on Debian's Pango, installed by ``make install``)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify


def printed_response(request, document, context, institution, as_pdf, name):
    """``document`` (a core.admin.PrintedDocument) rendered with ``context`` as A4 HTML, or as PDF
    named after ``name``, in ``institution``'s language and time zone whoever asks (staff in the
    admin, a family in the visitors' area)."""
    with institution.localised():
        html = render_to_string(document.template, {"document": document, **context}, request=request)
    if not as_pdf:
        return HttpResponse(html)
    filename = f"{slugify(document.name)}-{name}.pdf"
    return HttpResponse(
        html_to_pdf(html),
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def printed_record(request, record, document):
    """``record``'s ``document`` as A4 HTML or, with ``?format=pdf``, as PDF."""
    with record.institution.localised():  # what the context says (a rule's reason) in the institution's language
        context = {"record": record, **(document.context(record) if document.context else {})}
    return printed_response(
        request, document, context, record.institution, request.GET.get("format") == "pdf", record.pk
    )


def html_to_pdf(html):
    # Imported on first print: loading Pango costs a moment no other request should pay.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
