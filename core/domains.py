"""The one way a regulation domain plugs into the portal.

A domain app declares itself once, in its ``domain.py``, the way a Wagtail app declares a
viewset: attributes for what it has, and a method or two to override::

    @register_domain
    class StudySupport(Domain):
        label = _("Study support")
        icon = "folder-open-inverse"
        records = (InitiativeAdmin, PupilAdmin)          # RecordAdmin classes (core.admin)
        forms = {"pupil_registration": PupilForm}        # public forms, keyed "<app>.<key>"
        figures = (KeyFigures("studysupport", _("…"), key_figures),)
        deadlines = (Deadline(Pupil, _("…"), open_pupils),)
        daily_jobs = (close_old_entries,)
        demo_accounts = (DemoAccount("gent-admin", INSTITUTION_ADMINISTRATOR, "gent"),)

        def load_demo(self):
            ...

Core finds every ``domain.py`` when the apps are ready and does the rest: the admin menu
and records lists (with scoping, history, import and export through each list's
``resource_class``), the role permissions of the declared models (after every migrate, so
a new model needs no data migration), the form choices of form pages, the figures, the
dashboard's deadlines, ``run_daily`` and ``load_demo``. Every check the base makes walks
these declarations, so a model declared once gets all of them.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules

from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER

ALL_ACTIONS = ("add", "change", "delete", "view")

_domains = []


@dataclass(frozen=True)
class KeyFigures:
    """Live key figures a page block can show (P-C5): ``compute(institution_code, school_year)``
    returns a list of {"value", "label", "note"}."""

    name: str
    label: str
    compute: object


@dataclass(frozen=True)
class Deadline:
    """Due dates on the dashboard (P-A4): ``open_records(queryset)`` yields (record, due date)
    for the records of ``model`` the user may see."""

    model: object
    label: str
    open_records: object


@dataclass(frozen=True)
class DemoAccount:
    """A demo account of a role in one institution (development only, see core.demo)."""

    username: str
    role: str
    institution: str
    language: str = ""  # the admin's language for this account; the institution's if empty


class Domain:
    """A regulation domain: its records, forms, figures, deadlines, daily jobs and demo data."""

    label = ""
    icon = "folder-open-inverse"
    records = ()  # RecordAdmin classes, one per record model, in menu order
    forms = {}  # key -> DomainForm class, offered to form pages as "<app_label>.<key>"
    figures = ()  # KeyFigures
    deadlines = ()  # Deadline
    daily_jobs = ()  # callables run by `manage.py run_daily`, each idempotent, returning a summary dict
    demo_accounts = ()  # DemoAccount
    # Institutions the demo needs that the seed content does not bring: {"code", "name", "country",
    # "language"}; each runs the domain.
    demo_institutions = ()
    # URL patterns of the pages a signed-in visitor (``visitors``) opens, under /my/<app_label>/.
    visitor_urls = ()
    # Which role may do what: the same actions on every record model of the domain, or per model
    # ({Model: actions}) where a role's rights differ (a class teacher edits achievements, reads classes).
    role_permissions = {INSTITUTION_ADMINISTRATOR: ALL_ACTIONS}

    def __init__(self):
        self.app_config = apps.get_containing_app_config(type(self).__module__)
        self.app_label = self.app_config.label

    def load_demo(self):
        """Create the domain's demo records once (a second call changes nothing)."""

    def set_up(self, institution):
        """The data an institution running the domain needs before anyone works in it (a school's
        points table), on every save of the institution: idempotent, without the demo."""

    @property
    def record_models(self):
        return [record_admin.model for record_admin in self.records]

    @property
    def assigns_reviewers(self):
        """Whether a reviewer has work here: a record model names the reviewer it is assigned to
        (``reviewer_field``). Without one a reviewer would see no record at all."""
        return any(model.reviewer_field for model in self.record_models)

    def permission_codenames(self, role):
        """The codenames of the permissions ``role`` holds on the domain's record models."""
        actions = self.role_permissions.get(role, ())
        by_model = actions if isinstance(actions, dict) else dict.fromkeys(self.record_models, actions)
        return [f"{action}_{model._meta.model_name}" for model, granted in by_model.items() for action in granted]

    def visitor_links(self, email):
        """What a visitor signed in with ``email`` (no staff account, ``visitors``) may open here:
        [(label, url)]; none where the domain holds nothing for that address."""
        return []

    def form_classes(self):
        return {f"{self.app_label}.{key}": form_class for key, form_class in self.forms.items()}


def register_domain(domain_class):
    """Class decorator for a domain's ``domain.py``: plug the domain into the portal."""
    from core.admin import ModelAdminGroup, modeladmin_register

    domain = domain_class()
    _domains.append(domain)
    menu = type(
        f"{domain_class.__name__}Menu",
        (ModelAdminGroup,),
        {"menu_label": domain.label, "menu_icon": domain.icon, "items": domain.records},
    )
    modeladmin_register(menu)
    return domain_class


def domains():
    return list(_domains)


def domain_for(app_label):
    """The domain of that app label, or None."""
    return next((domain for domain in _domains if domain.app_label == app_label), None)


def roles_offered(institution):
    """The roles a member of ``institution`` may hold (issue 11.8): an administrator always; a
    reviewer only where a domain the institution runs assigns records to reviewers."""
    reviewers = any(domain.assigns_reviewers for domain in _domains if institution.runs(domain.app_label))
    return (INSTITUTION_ADMINISTRATOR, REVIEWER) if reviewers else (INSTITUTION_ADMINISTRATOR,)


def record_admin_class(model):
    """The RecordAdmin class a domain declares for ``model``, or None."""
    return next((record for domain in _domains for record in domain.records if record.model is model), None)


def all_forms():
    """Every domain's public forms, keyed "<app_label>.<key>"."""
    return {key: form_class for domain in _domains for key, form_class in domain.form_classes().items()}


def all_figures():
    return {figures.name: figures for domain in _domains for figures in domain.figures}


def all_deadlines():
    return [deadline for domain in _domains for deadline in domain.deadlines]


DAILY_RUN_LEASE = "daily-run"


def run_daily_jobs():
    """Every domain's daily jobs, in order, after ending the jobs whose worker died: {job name: its summary}.
    Started on several nodes at once (cron on each), one run acts and the others return {} at once."""
    from core import leases
    from core.tasks import end_abandoned

    with leases.taken_unless_held(DAILY_RUN_LEASE) as taken:
        if not taken:
            return {}
        recovered = end_abandoned()
        jobs = {f"{domain.app_label}.{job.__name__}": job() for domain in _domains for job in domain.daily_jobs}
        return {"core.end_abandoned_jobs": recovered, **jobs}


def discover():
    """Import every app's ``domain.py`` (from CoreConfig.ready) and keep roles in step with them."""
    autodiscover_modules("domain")
    post_migrate.connect(grant_role_permissions, dispatch_uid="core.domains.grant_role_permissions")


def grant_role_permissions(using="default", **kwargs):
    """Give each role the permissions its domains declare on their record models (P-A2), after
    every migrate: a new record model is usable by its administrators without a data migration."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.management import create_contenttypes

    for domain in _domains:
        create_contenttypes(domain.app_config, verbosity=0, using=using)
        create_permissions(domain.app_config, verbosity=0, using=using)
        for role in domain.role_permissions:
            group, _created = Group.objects.using(using).get_or_create(name=role)
            codenames = domain.permission_codenames(role)
            permissions = Permission.objects.using(using).filter(
                content_type__app_label=domain.app_label, codename__in=codenames
            )
            group.permissions.add(*permissions)
