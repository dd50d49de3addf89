"""Cache generations: a value in the shared cache (Redis or the file cache, never a process's
memory) that a change replaces, so every entry keyed by the old value is of the past at once, on
every node. The public page cache and the study-support figures each keep one."""

import uuid

from django.core.cache import cache


def current(key):
    """The generation under ``key``: a value no earlier generation had (a lost one starts a new one)."""
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, None)
        value = cache.get(key)
    return value


def renew(key):
    cache.set(key, uuid.uuid4().hex, None)
