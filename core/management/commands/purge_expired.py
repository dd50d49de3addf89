from django.core.management.base import BaseCommand

from core.purge import purge_expired


class Command(BaseCommand):
    help = (
        "Purge the records kept past their period (P-O3; home control works after one year, CO-R13) with "
        "their documents, history rows and log entries, and old import files. Idempotent: run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be purged; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        report = purge_expired(dry_run=dry_run)
        self.stdout.write(("Would purge" if dry_run else "Purged") + (":" if report else ": nothing"))
        for institution, counts in sorted(report.items()):
            self.stdout.write(f"  {institution or 'portal'}")
            for what, count in sorted(counts.items()):
                self.stdout.write(f"    {what}: {count}")
