"""The global audit log (P-H2): every change of every record model, filterable and paginated.

Each record model keeps its own history table; a page of the log merges the newest rows of
each table, so a page costs one query per model whatever the size of the tables. A user reads
the history of the records they may see in each record's own list, no more (P-A2): the lists
they hold the permission of, scoped by the model's own ``visible_to``.
"""

import heapq
from itertools import islice

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
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
        if data.get("date_from"):
            rows = rows.filter(history_date__date__gte=data["date_from"])
        if data.get("date_to"):
            rows = rows.filter(history_date__date__lte=data["date_to"])
        yield model, rows.order_by("-history_date", "-history_id")


def _dated(model, rows):
    name = model._meta.verbose_name
    return ((row.history_date, name, row) for row in rows)


def audit_log_view(request):
    if not request.user.has_perm("core.view_audit_log"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET, user=request.user)
    form.is_valid()  # an invalid filter is shown with its error; the valid ones still apply
    try:
        page_number = max(int(request.GET.get("p", 1)), 1)
    except ValueError:
        page_number = 1
    offset = (page_number - 1) * PER_PAGE
    histories = list(filtered_histories(form, request.user))
    total = sum(rows.count() for _model, rows in histories)
    newest_first = heapq.merge(
        *(_dated(model, rows[: offset + PER_PAGE]) for model, rows in histories),
        key=lambda entry: entry[0],
        reverse=True,
    )
    entries = [
        {
            "model": name,
            "row": row,
            "record": history.describe(row),
            "type": history.HISTORY_TYPES.get(row.history_type),
        }
        for _date, name, row in islice(newest_first, offset, offset + PER_PAGE)
    ]
    query = request.GET.copy()
    query.pop("p", None)
    context = {
        "page_title": _("Audit log"),
        "form": form,
        "entries": entries,
        "page_number": page_number,
        "has_previous": page_number > 1,
        "has_next": offset + PER_PAGE < total,
        "total": total,
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "core/audit_log.html", context)
