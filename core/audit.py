"""The global audit log (P-H2): every change of every record model, filterable and paginated.

Each record model keeps its own history table; a page of the log merges the newest rows of
each table, so a page costs one query per model whatever the size of the tables. Pages follow
one another by key (the last row's time, model and id: ``?before=`` and ``?after=``), never by
offset or count, so the deepest page of a million rows costs what the first does (issue 15.9),
on the history tables' index of ``history_date``. A user reads
the history of the records they may see in each record's own list, no more (P-A2): the lists
they hold the permission of, scoped by the model's own ``visible_to``.
"""

import heapq
from datetime import datetime, time, timedelta
from itertools import islice

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, prefetch_related_objects
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import history
from core.admin import record_admins
from core.scoping import institutions_for

PER_PAGE = 50


def readable_models(user):
    """The record models whose list ``user`` may open."""
    return [admin.model for admin in record_admins() if admin.permission_helper.user_can_list(user)]


class AuditFilterForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, required=False, label=gettext_lazy("User"))
    model = forms.ChoiceField(required=False, label=gettext_lazy("Records"))
    institution = forms.ModelChoiceField(queryset=None, required=False, label=gettext_lazy("Institution"))
    date_from = forms.DateField(required=False, label=gettext_lazy("From"))
    date_to = forms.DateField(required=False, label=gettext_lazy("Until"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = institutions_for(user)
        self.fields["institution"].queryset = institutions
        self.fields["user"].queryset = (
            get_user_model().objects.filter(memberships__institution__in=institutions).distinct()
            if not user.is_superuser
            else get_user_model().objects.all()
        )
        self.fields["model"].choices = [("", "---------")] + [
            (model._meta.label_lower, model._meta.verbose_name_plural) for model in readable_models(user)
        ]


def filtered_histories(form, user):
    data = getattr(form, "cleaned_data", {})
    for model in readable_models(user):
        if data.get("model") and model._meta.label_lower != data["model"]:
            continue
        rows = model.history.filter(model.visible_to(user)).select_related("history_user", "institution")
        if data.get("user"):
            rows = rows.filter(history_user=data["user"])
        if data.get("institution"):
            rows = rows.filter(institution=data["institution"])
        # Days as ranges of times (in the user's zone), which the index of history_date serves.
        if data.get("date_from"):
            rows = rows.filter(history_date__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            rows = rows.filter(history_date__lt=_start_of(data["date_to"] + timedelta(days=1)))
        yield model, rows


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _key(model, row):
    return (row.history_date, model._meta.label_lower, row.history_id)


def _cursor(text):
    """The key ``time~model~id`` of a link, or None when it is not one."""
    parts = (text or "").split("~")
    if len(parts) != 3 or not parts[2].isdigit() or (moment := parse_datetime(parts[0])) is None:
        return None
    return moment, parts[1], int(parts[2])


def _link(key):
    return f"{key[0].isoformat()}~{key[1]}~{key[2]}"


def _beyond(model, cursor, older):
    """The rows of ``model`` after ``cursor`` in the log's order (time, model, id), towards the
    older ones or the newer ones."""
    moment, label, pk = cursor
    direction = "lt" if older else "gt"
    beyond = Q(**{f"history_date__{direction}": moment})
    own = model._meta.label_lower
    if own == label:
        return beyond | Q(history_date=moment, **{f"history_id__{direction}": pk})
    if (own < label) == older:  # at the same time, this model's rows all lie beyond the cursor
        return beyond | Q(history_date=moment)
    return beyond


def _keyed(model, rows):
    return ((_key(model, row), model, row) for row in rows)


def _page(histories, cursor, older):
    """Up to PER_PAGE entries beyond ``cursor`` (from the newest when None), newest first, and
    whether there are more."""
    ordering = ("-history_date", "-history_id") if older else ("history_date", "history_id")
    pieces = [
        _keyed(
            model, (rows.filter(_beyond(model, cursor, older)) if cursor else rows).order_by(*ordering)[: PER_PAGE + 1]
        )
        for model, rows in histories
    ]
    entries = list(islice(heapq.merge(*pieces, key=lambda entry: entry[0], reverse=older), PER_PAGE + 1))
    more = len(entries) > PER_PAGE
    entries = entries[:PER_PAGE]
    return (entries, more) if older else (entries[::-1], more)


def _fetch_related(page):
    """The records a page's rows name (a work's student and discipline, in its description), one
    query per model and link instead of one per row."""
    rows_by_model = {}
    for _key_of_row, model, row in page:
        rows_by_model.setdefault(model, []).append(row)
    for model, rows in rows_by_model.items():
        links = [field.name for field in model.history.model._meta.concrete_fields if field.many_to_one]
        prefetch_related_objects(rows, *links)


def audit_log_view(request):
    if not request.user.has_perm("core.view_audit_log"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET, user=request.user)
    form.is_valid()  # an invalid filter is shown with its error; the valid ones still apply
    histories = list(filtered_histories(form, request.user))
    newer_than = _cursor(request.GET.get("after"))
    older_than = None if newer_than else _cursor(request.GET.get("before"))
    page, has_previous, has_next = [], False, False
    if newer_than:
        page, has_previous = _page(histories, newer_than, older=False)
        has_next = True
    if not has_previous:  # the newest page is always the same first page
        page, has_next = _page(histories, older_than, older=True)
        has_previous = older_than is not None
    _fetch_related(page)
    entries = [
        {
            "model": model._meta.verbose_name,
            "row": row,
            "record": history.describe(row),
            "type": history.HISTORY_TYPES.get(row.history_type),
        }
        for _key_of_row, model, row in page
    ]
    query = request.GET.copy()
    for name in ("before", "after"):
        query.pop(name, None)
    context = {
        "page_title": _("Audit log"),
        "form": form,
        "entries": entries,
        "newer": page and has_previous and _link(page[0][0]),
        "older": page and has_next and _link(page[-1][0]),
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "core/audit_log.html", context)
