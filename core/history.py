"""Record history in the admin (P-H2): who changed what and why, field by field, and revert; its
times in the record's institution's time zone."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HISTORY_PER_PAGE = 25
# simple_history ships no Dutch and no catalogue Django finds for Russian ("ru_RU").
HISTORY_TYPES = {"+": gettext_lazy("Created"), "~": gettext_lazy("Changed"), "-": gettext_lazy("Deleted")}


def describe(row):
    """A history row's record as a person reads it, also when a record it links to has been deleted
    since (its name may be made of that record's): then its kind and number (issue 16.4)."""
    record = row.history_object
    record._state.fields_cache.update(row._state.fields_cache)  # the links fetched with the row's page
    try:
        return str(record)
    except ObjectDoesNotExist:
        return _("%(kind)s no. %(number)s (a record it links to is deleted)") % {
            "kind": capfirst(row.instance_type._meta.verbose_name),
            "number": row.id,
        }


def field_changes(row):
    """(label, old, new) for each field that differs from the version before ``row``, the
    values as the user reads them: a choice's label, yes or no, a linked record's name."""
    previous = row.prev_record
    if previous is None:
        return []
    model = row.instance_type
    changes = []
    for change in row.diff_against(previous).changes:
        field = model._meta.get_field(change.field)
        changes.append((field.verbose_name, shown(field, change.old), shown(field, change.new)))
    return changes


def shown(field, value):
    """A stored value of ``field`` in the user's language (the history keeps what was stored)."""
    if value is None or value == "":
        return value
    if field.flatchoices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, BooleanField):
        return _("Yes") if value else _("No")
    if field.many_to_one:
        linked = field.related_model._base_manager.filter(pk=value).first()
        return linked if linked is not None else value
    return value


def history_view(request, model_admin, instance):
    rows = instance.history.select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(rows, HISTORY_PER_PAGE).get_page(request.GET.get("p"))
    context = {
        "view": {"model_admin": model_admin},
        "instance": instance,
        "page_title": _("History of %(record)s") % {"record": instance},
        "entries": [
            {"row": row, "type": HISTORY_TYPES.get(row.history_type), "changes": field_changes(row)} for row in page
        ],
        "page": page,
        "can_revert": model_admin.permission_helper.user_can_edit_obj(request.user, instance),
        "revert_url": model_admin.url_helper.get_action_url("revert", instance.pk),
        "index_url": model_admin.url_helper.index_url,
    }
    return TemplateResponse(request, "core/record_history.html", context)


def revert_view(request, model_admin, instance):
    """Restore an earlier version through the model's own validation, recorded as a change of its own."""
    if request.method != "POST":
        return redirect(model_admin.url_helper.get_action_url("history", instance.pk))
    if not model_admin.permission_helper.user_can_edit_obj(request.user, instance):
        raise PermissionDenied
    version = get_object_or_404(instance.history, history_id=request.POST.get("history_id"))
    reason = request.POST.get("reason", "").strip()
    history_url = model_admin.url_helper.get_action_url("history", instance.pk)
    if not reason:
        messages.error(request, _("Say why you revert: the reason is kept in the history."))
        return redirect(history_url)
    restored = version.instance
    restored._state.adding = False  # the same row again: uniqueness checks must not count it twice
    try:
        restored.full_clean()
    except ValidationError as error:
        messages.error(
            request, _("This version cannot be restored: %(errors)s") % {"errors": "; ".join(error.messages)}
        )
        return redirect(history_url)
    restored._change_reason = _("Reverted to the version of %(date)s: %(reason)s") % {
        "date": date_format(timezone.localtime(version.history_date, instance.institution.zone), "DATETIME_FORMAT"),
        "reason": reason,
    }
    restored.save()
    messages.success(request, _("The earlier version is restored."))
    return redirect(history_url)
