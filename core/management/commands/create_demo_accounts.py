from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import DEMO_PASSWORD, create_demo_accounts


class Command(BaseCommand):
    help = "Create one demo account per role (development settings only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts exist only with DEBUG on (development settings).")
        self.stdout.write("Demo accounts (development only), password for all: " + DEMO_PASSWORD)
        for username, role, scope in create_demo_accounts():
            self.stdout.write(f"  {username:<17} {role:<26} institution: {scope}")
