from django_tasks import task

from core.domains import run_daily_jobs
from core.purge import purge_expired


@task()
def run_daily_task():
    """The daily jobs as a django-tasks job, for a scheduler that enqueues jobs instead of cron."""
    return run_daily_jobs()


@task()
def purge_expired_task():
    """The daily purge of expired personal data (P-O3) as a django-tasks job."""
    return purge_expired()
