from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    """Declared to the portal in ``domain.py``."""

    name = "recognition"
    verbose_name = _("Recognition of learning outcomes")
