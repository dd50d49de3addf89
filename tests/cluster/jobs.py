"""A job for the workers' race (issue 21 item 4): each run counts itself in the shared Redis."""

import os
import time

import redis
from django_tasks import task


@task(backend="background")
def count_run(number):
    time.sleep(0.05)  # long enough that both workers take a share of the queue
    redis.Redis.from_url(os.environ["REDIS_URL"]).incr(f"cluster:runs:{number}")
