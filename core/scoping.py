"""Who sees which records (P-A2): staff their institutions' records, superusers all.

Every query of a record model goes through here — admin lists, instance views, form
choices, filters, the audit log — so scoping is decided in one place and in the database,
never by hiding links. A model states its rule once, as ``InstitutionRecord.visible_to``.
"""

from django.apps import apps
from django.db import models


def institutions_for(user):
    institutions = apps.get_model("core", "Institution").objects.all()
    if user.is_superuser:
        return institutions
    return institutions.filter(memberships__user=user)


def domains_run_for(user):
    """The app labels of the domains ``user``'s institutions run (issue 11.7), read once per
    request: the menu and every button of a list ask."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_domains_run"):
        rows = institutions_for(user).values_list("domains", flat=True)
        user._domains_run = frozenset(label for labels in rows for label in labels)
    return user._domains_run


def user_runs_domain(user, app_label):
    """Whether ``user`` works in that domain: a superuser always, staff through an institution running it."""
    return user.is_superuser or app_label in domains_run_for(user)


def institutions_running(user, app_label):
    """The institutions ``user`` may put a record of that domain in: theirs that run it."""
    institutions = institutions_for(user)
    # Read in Python: SQLite has no JSON "contains", and a user belongs to a few institutions.
    running = [pk for pk, labels in institutions.values_list("pk", "domains") if app_label in labels]
    return institutions.filter(pk__in=running)


def is_reviewer_only(user):
    """Reviewers who hold no administrator role see only the records assigned to them."""
    from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER

    roles = set(user.groups.values_list("name", flat=True))
    return REVIEWER in roles and INSTITUTION_ADMINISTRATOR not in roles


class InstitutionScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        """The records ``user`` may see (the model's ``visible_to``); none for anonymous users."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(self.model.visible_to(user))
