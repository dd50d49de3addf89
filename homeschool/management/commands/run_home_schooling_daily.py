from django.core.management.base import BaseCommand

from homeschool.lifecycle import run_daily_as_dict


class Command(BaseCommand):
    help = (
        "Home schooling's daily run (HS-R4, HS-R6): end terms without renewal and early terminations, "
        "tell the class teachers, remind parents to renew. Idempotent: run it daily from cron."
    )

    def handle(self, *args, **options):
        report = run_daily_as_dict()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in report.items()))
