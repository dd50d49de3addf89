from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.exchange import ExchangeError, run_import


class Command(BaseCommand):
    help = "Import records from a CSV, XLSX or JSON file: all rows or none (P-X1, P-X4)."

    def add_arguments(self, parser):
        parser.add_argument("model", help="app_label.Model, e.g. studysupport.Pupil")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
        parser.add_argument("--institution", help="institution code for rows without one")

    def handle(self, model, file, dry_run, institution, **options):
        path = Path(file)
        try:
            with path.open("rb") as opened:  # read as it is walked, never whole (issue 15.7)
                report = run_import(model, opened, path.name, institution=institution, dry_run=dry_run)
        except (ExchangeError, LookupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"new: {report.new}, updated: {report.updated}, unchanged: {report.unchanged}, invalid: {report.invalid}"
        )
        if report.problems:
            for problem in report.problems:
                column = f" [{problem.column}]" if problem.column else ""
                self.stderr.write(f"line {problem.line}{column}: {problem.message}")
            raise CommandError(f"{report.invalid} invalid rows; nothing was written.")
        self.stdout.write(self.style.SUCCESS("written" if report.applied else "dry run: nothing written"))
