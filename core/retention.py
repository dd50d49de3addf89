"""How long a record is kept after its case ends, and which of its fields are a person's (P-O3).

Every record model declares it once, as a class attribute beside its fields::

    retention = Retention(ends="closed_on", person=("applicant_name", "applicant_email"))
    retention = Retention(ends="received_on", years=1, regulation="clause 6.20")  # the regulation's period
    retention = Retention(follows="case")  # goes with its case
    retention = Retention(kept="a catalogue of the programme's disciplines")

A case has ended, by ``ends``:
- a date field (a path through links, "case__closed_on"): counted from that date;
- an integer school-year field ("school_class__school_year"): counted from the year's last day;
- a state (a ``Q``, say ``Q(status="closed")``) or ``LAST_CHANGE``: counted from the record's
  last change, as its history dates it (a person's card: while a case refers to it, it stays).

The period is the regulation's ``years`` where it sets one, otherwise the institution's own
(``Institution.retention_years``). core.purge deletes what has expired, core.data_requests
finds, exports and erases one person's data through ``person``.
"""

import functools
from dataclasses import dataclass

from django.db import models
from django.db.models import DateTimeField, OuterRef, Q, Subquery

from core.school_year import school_year_of

LAST_CHANGE = Q()


@dataclass(frozen=True)
class Retention:
    ends: str | Q | None = None
    follows: str = ""  # the link to the record this one is kept and purged with
    years: int | None = None  # the regulation's period; None: the institution's
    regulation: str = ""  # the clause that sets ``years`` or requires keeping
    kept: str = ""  # why the records are never purged (a reference catalogue, an organisation)
    person: tuple = ()  # the fields that identify a person or hold what is personal about them

    def __post_init__(self):
        modes = [self.ends is not None, bool(self.follows), bool(self.kept)]
        if sum(modes) != 1:
            raise ValueError("A retention says one of: when the case ends, whom it follows, or why it is kept.")
        if self.years is not None and not self.regulation:
            raise ValueError("A period of its own cites the regulation that sets it.")


def retention_of(model):
    return getattr(model, "retention", None)


def cutoff(today, years):
    """The day a case must have ended before to have expired ``years`` after it ended."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def period_for(model, institution):
    """The years ``model``'s records are kept in ``institution``: the regulation's, the followed
    record's, or the institution's own."""
    retention = retention_of(model)
    while retention.follows:
        model = model._meta.get_field(retention.follows).related_model
        retention = retention_of(model)
    return retention.years if retention.years is not None else institution.retention_years


def expired(model, institution, today=None):
    """The records of ``model`` in ``institution`` kept past their period; none for a kept model."""
    today = today or institution.today()
    return model._base_manager.filter(institution=institution).filter(_expired_condition(model, institution, today, ""))


def _expired_condition(model, institution, today, prefix):
    """The condition, on the rows of ``model`` reached through ``prefix``, that their case ended
    more than its period ago."""
    retention = retention_of(model)
    if retention.kept:
        return Q(pk__in=[])
    if retention.follows:
        parent = model._meta.get_field(retention.follows).related_model
        return _expired_condition(parent, institution, today, f"{prefix}{retention.follows}__")
    before = cutoff(today, period_for(model, institution))
    if isinstance(retention.ends, Q):
        return Q(**{f"{prefix}pk__in": _changed_before(model, retention.ends, before)})
    field = _final_field(model, retention.ends)
    if isinstance(field, models.DateField):
        return Q(**{f"{prefix}{retention.ends}__lt": before})
    # A school year named by the year it starts in ends on 31 August of the next.
    return Q(**{f"{prefix}{retention.ends}__lt": school_year_of(before)})


def _changed_before(model, state, before):
    """The pks of records in ``state`` whose last change (their newest history row) is before ``before``."""
    history = model.history.model
    newest = history.objects.filter(id=OuterRef("pk")).order_by("-history_date").values("history_date")[:1]
    return (
        model._base_manager.filter(state)
        .annotate(last_change=Subquery(newest, output_field=DateTimeField()))
        .filter(last_change__date__lt=before)
        .values("pk")
    )


def _final_field(model, path):
    for name in path.split("__"):
        field = model._meta.get_field(name)
        model = field.related_model
    return field


@functools.cache
def person_fields(model):
    """The model's fields that identify a person, as its retention declares them."""
    retention = retention_of(model)
    return tuple(model._meta.get_field(name) for name in (retention.person if retention else ()))
