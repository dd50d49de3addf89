from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudySupportConfig(AppConfig):
    """Declared to the portal in ``domain.py``."""

    name = "studysupport"
    verbose_name = _("Study support")

    def ready(self):
        from studysupport.figures import connect_signals

        connect_signals()
