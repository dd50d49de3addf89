from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Institutions and roles")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from core import admin_access

        admin_access.install()
        autodiscover_modules("resources")  # each domain's import/export resources register themselves
