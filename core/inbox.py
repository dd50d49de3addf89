"""The case worker's inbox: per domain, the new applications and the records waiting for a step.

What "waiting" means is declared once, with the step (``WorkflowAction.waiting``, a Q): the
dashboard panel, the records list's "Waiting for me" filter and its "Waiting for" column all read
it there. Other apps add groups through the ``inbox_groups`` hook (forms_app: new applications).
Each group costs a fixed number of queries however many records wait (P-A2: scoped as the list).
"""

import functools
import operator
from dataclasses import dataclass, field

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.db.models import BooleanField, ExpressionWrapper
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.domains import domains

GROUP_LIMIT = 5  # records shown per group; the count and the link to the list give the rest
WAITING_PARAMETER = "waiting"
FOR_ME = "me"


@dataclass
class InboxEntry:
    record: object
    url: str
    what: str  # the steps waiting, or the form applied on
    when: object = None


@dataclass
class InboxGroup:
    title: str
    count: int
    url: str
    entries: list = field(default_factory=list)


def waiting_actions(model_admin):
    return [action for action in model_admin.workflow_actions if action.waiting is not None]


def waiting_flag(action):
    return f"_waiting_{action.method}"


def annotate_waiting(queryset, model_admin):
    """Each record with a flag per waiting step (its Q) and ``_waiting`` for any, so a row names
    its steps without a query and the list sorts by them."""
    actions = waiting_actions(model_admin)
    if not actions:
        return queryset
    flags = {waiting_flag(action): ExpressionWrapper(action.waiting, BooleanField()) for action in actions}
    anything = ExpressionWrapper(functools.reduce(operator.or_, (action.waiting for action in actions)), BooleanField())
    return queryset.annotate(_waiting=anything, **flags)


def steps_waiting(record, model_admin):
    """The labels of the steps ``record`` (annotated by ``annotate_waiting``) waits for."""
    actions = waiting_actions(model_admin)
    return ", ".join(str(action.label) for action in actions if getattr(record, waiting_flag(action), False))


def waiting_for(user, model_admin, queryset):
    """The records of ``queryset`` waiting for a step ``user`` may take; none without the right to
    take steps (a reviewer who only reads)."""
    actions = waiting_actions(model_admin)
    if not actions or not model_admin.permission_helper.user_can_edit_obj(user, None):
        return queryset.none()
    return queryset.filter(functools.reduce(operator.or_, (action.waiting for action in actions)))


class WaitingForMeFilter(SimpleListFilter):
    """The list filter every records list with waiting steps has: the records waiting for me."""

    title = _("workflow")
    parameter_name = WAITING_PARAMETER

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [(FOR_ME, _("Waiting for me"))]

    def queryset(self, request, queryset):
        if self.value() == FOR_ME:
            return waiting_for(request.user, self.model_admin, queryset)
        return queryset


def waiting_groups(user, domain):
    """One group per records list of ``domain`` with waiting steps: its count and newest records."""
    groups = []
    for model_admin in _record_admins_of(domain):
        if not waiting_actions(model_admin) or not model_admin.permission_helper.user_can_list(user):
            continue
        waiting = waiting_for(user, model_admin, model_admin.model.objects.for_user(user))
        count = waiting.count()
        if not count:
            continue
        url_helper = model_admin.url_helper
        newest = annotate_waiting(_with_links(waiting), model_admin).order_by("-pk")[:GROUP_LIMIT]
        inspect_url = functools.partial(url_helper.get_action_url, "inspect")
        groups.append(
            InboxGroup(
                title=model_admin.model._meta.verbose_name_plural,
                count=count,
                url=f"{url_helper.index_url}?{WAITING_PARAMETER}={FOR_ME}",
                entries=[
                    InboxEntry(record, inspect_url(quote(record.pk)), steps_waiting(record, model_admin))
                    for record in newest
                ],
            )
        )
    return groups


def _with_links(queryset):
    """Join the records a record's name and institution show, so a listed record costs no query."""
    links = [field.name for field in queryset.model._meta.concrete_fields if field.many_to_one]
    return queryset.select_related(*links)


def _record_admins_of(domain):
    from core.admin import record_admin_for

    return [record_admin_for(model) for model in domain.record_models if record_admin_for(model) is not None]


def inbox_for(user):
    """[(domain label, [InboxGroup])] for the domains with work for ``user``, in menu order."""
    providers = hooks.get_hooks("inbox_groups")
    sections = []
    for domain in domains():
        groups = [group for provider in providers for group in provider(user, domain)]
        if groups:
            sections.append((domain.label, groups))
    return sections
