"""Counting and paging a records list of a million rows (issue 15.6).

A count of every row a list shows scans them all, on every page; Django's admin counts twice
(the whole table and the filtered one) and wagtail-modeladmin's paginator once more. Here a
list counts exactly up to ``LIST_EXACT_COUNT`` rows and past that, on PostgreSQL, takes the
planner's estimate ("about 1 001 414 pupils"). A page is read by key: the ids of its rows first
(an index-only scan of the list's sort index, so a deep page skips index entries, not rows),
then those rows.
"""

import json

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models import F, Func


def capped_count(queryset, limit):
    """The rows of ``queryset``, counted no further than ``limit`` + 1: as cheap for a million
    rows as for the limit."""
    return queryset.order_by().values("pk")[: limit + 1].count()


def estimated_count(queryset):
    """The planner's estimate of the rows (PostgreSQL, from the table's statistics), or None where
    the database gives none."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def list_count(queryset):
    """(count, is_estimate) of a list's rows: exact up to ``LIST_EXACT_COUNT``, an estimate past it
    where the database gives one."""
    limit = settings.LIST_EXACT_COUNT
    exact = capped_count(queryset, limit)
    if exact <= limit:
        return exact, False
    estimate = estimated_count(queryset)
    if estimate is None:
        return queryset.count(), False
    return max(estimate, limit + 1), True


def page_rows(queryset, bottom, top):
    """The rows ``bottom`` to ``top`` of an ordered list: their keys first, then the rows, in order."""
    keys = list(queryset.values_list("pk", flat=True)[bottom:top])
    rows = {row.pk: row for row in queryset.filter(pk__in=keys)}
    return [rows[key] for key in keys if key in rows]


class _Unindexed(Func):
    """A text column as an expression no index holds: the same order, but the planner must sort."""

    template = "(%(expressions)s || '')"
    output_field = models.TextField()


def sorted_matches(queryset):
    """A search's matches found by their (trigram) indexes and then sorted, never found by walking
    the sort index in order: PostgreSQL reckons matches spread evenly through the alphabet, and a
    surname shared by a tenth of the pupils but sorting late ("Peeters") had it read 700 000 index
    entries for the first page (2.5 s)."""
    ordering = []
    for entry in queryset.query.order_by:
        name = entry.lstrip("-") if isinstance(entry, str) else None
        try:
            field = queryset.model._meta.get_field(name) if name else None
        except FieldDoesNotExist:
            field = None
        if isinstance(field, models.CharField | models.TextField):
            expression = _Unindexed(F(name))
            entry = expression.desc() if entry.startswith("-") else expression.asc()
        ordering.append(entry)
    return queryset.order_by(*ordering)
