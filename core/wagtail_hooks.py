from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.audit import audit_log_view


@hooks.register("register_admin_urls")
def register_audit_log_url():
    return [path("audit-log/", audit_log_view, name="core_audit_log")]


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("core.view_audit_log")


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return AuditLogMenuItem(_("Audit log"), reverse("core_audit_log"), icon_name="history", order=900)
