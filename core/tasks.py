from django_tasks import task

from core.domains import run_daily_jobs


@task()
def run_daily_task():
    """The daily jobs as a django-tasks job, for a scheduler that enqueues jobs instead of cron."""
    return run_daily_jobs()
