from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Institutions and roles")

    def ready(self):
        from core import admin_access

        admin_access.install()
