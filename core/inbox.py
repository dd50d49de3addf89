"""The case worker's inbox: per domain, the new applications and the records waiting for a step.

When a step is open is declared once, with the step (``WorkflowAction.when``, a Q): the row's
buttons, the dashboard panel, the records list's "Waiting for me" filter and its "Waiting for"
column all read it there. Other apps add groups through the ``inbox_groups`` hook (forms_app: new applications).
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
    return [action for action in model_admin.workflow_actions if action.waiting]


def actions_waiting_for(user, model_admin):
    """The steps of the list that wait for ``user``: none for a reader, a reviewer's own steps for a
    reviewer (their scope is the records assigned to them)."""
    return [action for action in waiting_actions(model_admin) if action.may_take(user, model_admin)]


def annotate_steps(queryset, model_admin, user):
    """Each record with a flag per step (its ``when``) and ``_waiting`` for any step waiting for
    ``user``, so a row shows its buttons and names its waiting steps without a query, and the list
    sorts by them."""
    actions = model_admin.workflow_actions
    if not actions:
        return queryset
    flags = {action.flag: ExpressionWrapper(action.when, BooleanField()) for action in actions}
    if waiting := actions_waiting_for(user, model_admin):
        anything = functools.reduce(operator.or_, (action.when for action in waiting))
        flags["_waiting"] = ExpressionWrapper(anything, BooleanField())
    return queryset.annotate(**flags)


def steps_waiting(record, actions):
    """The labels of the ``actions`` that ``record`` (annotated by ``annotate_steps``) waits for."""
    return ", ".join(str(action.label) for action in actions if getattr(record, action.flag, False))


def waiting_for(user, model_admin, queryset):
    """The records of ``queryset`` waiting for a step ``user`` may take."""
    actions = actions_waiting_for(user, model_admin)
    if not actions:
        return queryset.none()
    return queryset.filter(functools.reduce(operator.or_, (action.when for action in actions)))


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
        newest = annotate_steps(_with_links(waiting), model_admin, user).order_by("-pk")[:GROUP_LIMIT]
        actions = actions_waiting_for(user, model_admin)
        inspect_url = functools.partial(url_helper.get_action_url, "inspect")
        groups.append(
            InboxGroup(
                title=model_admin.model._meta.verbose_name_plural,
                count=count,
                url=f"{url_helper.index_url}?{WAITING_PARAMETER}={FOR_ME}",
                entries=[
                    InboxEntry(record, inspect_url(quote(record.pk)), steps_waiting(record, actions))
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
