"""The portal's background jobs, each holding a lease while it runs (issue 16.1).

django-tasks' database backend marks a job RUNNING when a worker takes it and nothing ever
ends it if that worker is killed. Every job of the portal is made with ``job`` and holds the
lease ``task:<id>`` (``core.leases``) while it runs, so ``end_abandoned_jobs`` can tell a job
whose worker is gone from one still running: it fails it, and queues again the jobs that may
safely run twice (e-mails, the daily regulation jobs). A worker sweeps when it starts
(``manage.py db_worker``) and the daily jobs sweep once a day.
"""

import functools
from datetime import timedelta

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import TaskResultStatus

from core import leases
from core.domains import run_daily_jobs
from core.purge import purge_expired

# A worker marks a job running a moment before the job takes its lease.
LEASE_GRACE = timedelta(minutes=1)


class WorkerStopped(Exception):
    """The job's worker stopped (killed, its machine gone) before the job ended."""


def _lease(task_result_id):
    return f"task:{task_result_id}"


def job(*, resumable, **options):
    """A django-tasks task (``options`` as for ``task``) holding its lease while it runs;
    ``resumable`` jobs may run again from the start after their worker died (idempotent, or
    harmless twice)."""

    def decorate(function):
        @functools.wraps(function)
        def run(context, *args, **kwargs):
            with leases.held(_lease(context.task_result.id)):
                return function(*args, **kwargs)

        del run.__wrapped__  # django-tasks reads the signature: ``context`` comes first
        run.resumable = resumable
        return task(takes_context=True, **options)(run)

    return decorate


def end_abandoned_jobs():
    """Fail every job the database queue shows running whose worker is gone, and queue again the
    resumable ones; returns how many ended."""
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - LEASE_GRACE)
    ended = 0
    for result in running:
        if leases.is_held(_lease(result.id)):
            continue
        ended += 1
        result.set_failed(WorkerStopped(f"The worker {', '.join(result.worker_ids)} stopped before the job ended."))
        queued = import_string(result.task_path)
        if getattr(queued.func, "resumable", False):
            queued.using(backend=result.backend_name, queue_name=result.queue_name).enqueue(
                *result.args_kwargs["args"], **result.args_kwargs["kwargs"]
            )
    return ended


def end_abandoned():
    """Every sweep of what lost its worker: the queue's jobs and the import batches."""
    from core.imports import fail_abandoned_batches  # core.imports makes its jobs with ``job``

    return {"jobs ended": end_abandoned_jobs(), "imports failed": fail_abandoned_batches()}


@job(resumable=True)
def run_daily_task():
    """The daily jobs as a django-tasks job, for a scheduler that enqueues jobs instead of cron."""
    return run_daily_jobs()


@job(resumable=True)  # idempotent: a second run purges nothing more
def purge_expired_task():
    """The daily purge of expired personal data (P-O3) as a django-tasks job."""
    return purge_expired()
