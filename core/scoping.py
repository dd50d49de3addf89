"""Who sees which records (P-A2): staff their institutions' records, superusers all.

Every query of a record model goes through here — admin lists, instance views, form
choices — so scoping is decided in one place and in the database, never by hiding links.
"""

from django.apps import apps
from django.db import models


def institutions_for(user):
    institutions = apps.get_model("core", "Institution").objects.all()
    if user.is_superuser:
        return institutions
    return institutions.filter(memberships__user=user)


class InstitutionScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        """The records ``user`` may see: those of the institutions they are a member of."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(institution__in=institutions_for(user))
