"""Printed documents as PDF (WeasyPrint on Debian's Pango, installed by ``make install``)."""


def html_to_pdf(html):
    # Imported on first print: loading Pango costs a moment no other request should pay.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
