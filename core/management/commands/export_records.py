import sys

from django.core.management.base import BaseCommand, CommandError

from core.exchange import EXPORT_CONTENT_TYPES, ExchangeError, resource_for, stream_export


class Command(BaseCommand):
    help = "Export records as CSV (with BOM, for Excel), XLSX or JSON (P-X1)."

    def add_arguments(self, parser):
        parser.add_argument("model", help="app_label.Model, e.g. studysupport.Pupil")
        parser.add_argument("--format", choices=tuple(EXPORT_CONTENT_TYPES), default="csv")
        parser.add_argument("-o", "--output", help="file to write; standard output when absent")

    def handle(self, model, format, output, **options):
        try:
            resource = resource_for(model)(escape_formulae=format != "json")
        except (ExchangeError, LookupError) as error:
            raise CommandError(str(error)) from error
        target = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115 - closed below
        try:
            target.writelines(stream_export(resource, resource._meta.model.objects.all(), format))
        finally:
            if output:
                target.close()
