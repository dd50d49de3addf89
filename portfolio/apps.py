from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    """Declared to the portal in ``domain.py``."""

    name = "portfolio"
    verbose_name = _("Pupil portfolio")
