import sys

from django.core.management.base import BaseCommand, CommandError

from core.exchange import ExchangeError, resource_for

FORMATS = ("csv", "xlsx", "json")


class Command(BaseCommand):
    help = "Export records as CSV (with BOM, for Excel), XLSX or JSON (P-X1)."

    def add_arguments(self, parser):
        parser.add_argument("model", help="app_label.Model, e.g. studysupport.Pupil")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("-o", "--output", help="file to write; standard output when absent")

    def handle(self, model, format, output, **options):
        try:
            resource = resource_for(model)(escape_formulae=format != "json")
        except (ExchangeError, LookupError) as error:
            raise CommandError(str(error)) from error
        dataset = resource.export()
        if format == "xlsx":
            content = dataset.export("xlsx")
        else:
            text = dataset.export(format)
            content = ("\ufeff" + text if format == "csv" else text).encode("utf-8")
        if output:
            with open(output, "wb") as handle:
                handle.write(content)
        else:
            sys.stdout.buffer.write(content)
