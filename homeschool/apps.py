from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeSchoolingConfig(AppConfig):
    """Declared to the portal in ``domain.py``."""

    name = "homeschool"
    verbose_name = _("Home schooling")
