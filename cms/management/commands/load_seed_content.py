from django.core.management.base import BaseCommand

from cms.seed import load_seed_content


class Command(BaseCommand):
    help = "Load the five seed texts as published pages; safe to run again (P-C2)."

    def handle(self, *args, **options):
        report = load_seed_content()
        for label in report.created:
            self.stdout.write(f"created {label}")
        self.stdout.write(self.style.SUCCESS(f"{len(report.created)} created, {len(report.kept)} already there"))
