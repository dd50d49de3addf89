from django_tasks import task

from homeschool.lifecycle import run_daily_as_dict


@task()
def run_daily_task():
    """The daily run as a django-tasks job, for a scheduler that enqueues jobs instead of cron."""
    return run_daily_as_dict()
