from django.core.management.base import BaseCommand

from studysupport.demo import load_demo_records


class Command(BaseCommand):
    help = "Load Ghent's demo study-support records (the 2020-2021 figures of the vision text); runs once."

    def handle(self, *args, **options):
        created = load_demo_records()
        self.stdout.write("Ghent demo records loaded." if created else "Ghent demo records already there.")
