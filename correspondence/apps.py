from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    """Declared to the portal in ``domain.py``."""

    name = "correspondence"
    verbose_name = _("Correspondence and evening departments")
