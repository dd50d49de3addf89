from django_tasks_db.management.commands import db_worker

from core.tasks import end_abandoned


class Command(db_worker.Command):
    help = (
        db_worker.Command.help + " Before it starts, jobs and imports whose worker died are ended (a worker restarted "
        "after a crash ends what the crash left running)."
    )

    def handle(self, *args, **options):
        end_abandoned()
        super().handle(*args, **options)
