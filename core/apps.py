from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Institutions and roles")

    def ready(self):
        from core import admin_access, dates, domains, nodes, private_files, references, storage  # noqa: F401 - checks

        admin_access.install()
        dates.install()
        domains.discover()  # every app's domain.py
        connect_link_checks()
        private_files.connect()
        references.connect()
        connect_institution_setup()


def connect_link_checks():
    """P-A2 for every many-to-many link between institution records, in every domain."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed

    from core.models import InstitutionRecord, linked_record_sets, refuse_links_across_institutions

    for model in apps.get_models():
        if issubclass(model, InstitutionRecord):
            for field in linked_record_sets(model):
                m2m_changed.connect(refuse_links_across_institutions, sender=field.remote_field.through)


def connect_institution_setup():
    """Each domain an institution runs sets up its data (``Domain.set_up``) when the institution is
    stored: created by the seed, in the admin or by an import, or given the domain later."""
    from django.db.models.signals import post_save

    from core.models import Institution

    post_save.connect(set_up_domains, sender=Institution, dispatch_uid="core.set_up_domains")


def set_up_domains(sender, instance, raw=False, **kwargs):
    from core.domains import domains

    if raw:  # a fixture loaded as it is
        return
    for domain in domains():
        if instance.runs(domain.app_label):
            domain.set_up(instance)
