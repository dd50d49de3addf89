from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudySupportConfig(AppConfig):
    name = "studysupport"
    verbose_name = _("Study support")

    def ready(self):
        from django.utils.translation import gettext_lazy

        from core.figures import register_figures
        from studysupport import forms  # noqa: F401  (registers the public application forms)
        from studysupport.figures import key_figures

        register_figures("studysupport", gettext_lazy("Study support: pupils, initiatives, volunteers"), key_figures)
