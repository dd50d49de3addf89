from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeSchoolingConfig(AppConfig):
    name = "homeschool"
    verbose_name = _("Home schooling")

    def ready(self):
        from homeschool import deadlines, forms  # noqa: F401  (forms registers the parent's application)

        deadlines.register()
