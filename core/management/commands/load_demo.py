from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Create the demo accounts and every domain's demo records (development settings only); runs once."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data exists only with DEBUG on (development settings).")
        accounts, loaded = load_demo()
        self.stdout.write("Demo accounts (development only), password for all: " + DEMO_PASSWORD)
        for username, role, scope in accounts:
            self.stdout.write(f"  {username:<17} {role:<26} institution: {scope}")
        for label, created in loaded.items():
            self.stdout.write(f"{label}: {'demo records loaded' if created else 'demo records already there'}.")
