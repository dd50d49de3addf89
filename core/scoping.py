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
