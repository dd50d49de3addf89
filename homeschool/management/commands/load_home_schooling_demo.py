from django.core.management.base import BaseCommand

from homeschool.demo import load_demo_records


class Command(BaseCommand):
    help = "Load the demo home-schooling cases of school No. 8, Verkhny Tagil; runs once."

    def handle(self, *args, **options):
        created = load_demo_records()
        self.stdout.write("Home-schooling demo records " + ("loaded." if created else "already there."))
