import copy

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.utils.version import get_main_version

from core import data_request_views, data_requests, deadlines, inbox
from core.admin import private_file_view, private_files_section, record_admins
from core.audit import audit_log_view
from core.institutions import InstitutionPermissionPolicy, InstitutionViewSet
from core.models import Institution

register_permission_policy(Institution, InstitutionPermissionPolicy(Institution))


@hooks.register("register_admin_viewset")
def register_institutions():
    return InstitutionViewSet("institutions")


@hooks.register("register_admin_urls")
def register_audit_log_url():
    return [path("audit-log/", audit_log_view, name="core_audit_log")]


@hooks.register("register_admin_urls")
def register_record_file_url():
    """A record's documents, through the checked download (P-F4, P-A2)."""
    return [
        path(
            "record-files/<str:app_label>/<str:model_name>/<int:pk>/<str:field_name>/",
            private_file_view,
            name="core_record_file",
        )
    ]


hooks.register("record_inspect_sections", private_files_section)


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("core.view_audit_log")


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return AuditLogMenuItem(_("Audit log"), reverse("core_audit_log"), icon_name="history", order=900)


class DeadlinesPanel(Component):
    """Overdue and due-soon records of every domain that declares deadlines (P-A4)."""

    name = "deadlines"
    order = 50
    template_name = "core/deadlines_panel.html"

    def __init__(self, request):
        self.overdue, self.soon = deadlines.deadlines_for(request.user)
        finder = AdminURLFinder(request.user)
        for entry in self.overdue + self.soon:
            entry["url"] = finder.get_edit_url(entry["record"])

    def get_context_data(self, parent_context=None):
        return {"overdue": self.overdue, "soon": self.soon}


def works_with_records(user):
    """Whether any records list is open to ``user``: communication staff, who edit pages only,
    get no inbox or deadlines that could never hold anything."""
    return any(model_admin.permission_helper.user_can_list(user) for model_admin in record_admins())


@hooks.register("construct_homepage_panels")
def add_deadlines_panel(request, panels):
    if deadlines.all_deadlines() and works_with_records(request.user):
        panels.append(DeadlinesPanel(request))


class InboxPanel(Component):
    """New applications and records waiting for a step, per domain, newest first (core.inbox)."""

    name = "inbox"
    order = 40
    template_name = "core/inbox_panel.html"

    def __init__(self, request):
        self.sections = inbox.inbox_for(request.user)

    def get_context_data(self, parent_context=None):
        return {"sections": self.sections}


@hooks.register("construct_homepage_panels")
def add_inbox_panel(request, panels):
    if works_with_records(request.user):
        panels.append(InboxPanel(request))


hooks.register("inbox_groups", inbox.waiting_groups, order=10)


@hooks.register("insert_global_admin_css")
def records_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("construct_help_menu")
def whats_new_in_the_users_language(request, items):
    """Wagtail words its "What's new" item once, in the language of the first request after a
    start (the sidebar then showed Dutch to a Russian user): word it again for each request."""
    for index, item in enumerate(items):
        if item.name.startswith("whats-new-in-wagtail-"):
            items[index] = copy.copy(item)
            items[index].label = gettext("What's new in Wagtail %(version)s") % {
                "version": get_main_version(include_patch=False)
            }


@hooks.register("register_admin_urls")
def register_data_request_urls():
    """A person's request about their data (P-O3): find, export, erase."""
    return [
        path("personal-data/", data_request_views.find_view, name="core_data_requests"),
        path("personal-data/export/", data_request_views.export_view, name="core_data_requests_export"),
        path("personal-data/erase/", data_request_views.erase_view, name="core_data_requests_erase"),
    ]


class DataRequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return data_requests.institutions_handled_by(request.user).exists()


@hooks.register("register_settings_menu_item")
def register_data_requests_menu_item():
    return DataRequestsMenuItem(_("Personal data requests"), reverse("core_data_requests"), icon_name="user", order=950)
