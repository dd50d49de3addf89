from django.core.management.base import BaseCommand

from core.domains import run_daily_jobs


class Command(BaseCommand):
    help = (
        "Every domain's daily regulation jobs (home schooling: HS-R4, HS-R6, terms that end, parents to "
        "remind). Each job is idempotent: run it daily from cron."
    )

    def handle(self, *args, **options):
        reports = run_daily_jobs()
        if not reports:
            self.stdout.write("Another process is running the daily jobs now: nothing done here.")
        for job, report in reports.items():
            self.stdout.write(f"{job}: " + ", ".join(f"{name}: {count}" for name, count in report.items()))
