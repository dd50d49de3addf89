"""Demo accounts, one per role, for development only (never with DEBUG off)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from core.models import Institution, Membership
from core.roles import COMMUNICATION_STAFF, INSTITUTION_ADMINISTRATOR, REVIEWER

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - development demo data, refused without DEBUG
DEMO_ACCOUNTS = [
    # username, role (group), institution code, superuser
    ("admin", None, None, True),
    ("communication", COMMUNICATION_STAFF, None, False),
    ("gent-admin", INSTITUTION_ADMINISTRATOR, "gent", False),
    ("gent-reviewer", REVIEWER, "gent", False),
    ("gent-coordinator", INSTITUTION_ADMINISTRATOR, "gent", False),  # coordinates one initiative
    ("vtagil-admin", INSTITUTION_ADMINISTRATOR, "vtagil-school-8", False),  # runs home schooling at school No. 8
]


def create_demo_accounts():
    """Create (or reset the password of) each demo account; returns (username, role) pairs."""
    User = get_user_model()
    rows = []
    for username, role, institution_code, superuser in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org", "first_name": username.title()}
        )
        user.is_staff = user.is_superuser = superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        if role:
            user.groups.add(Group.objects.get(name=role))
        if institution_code:
            institution = Institution.objects.get(code=institution_code)
            Membership.objects.get_or_create(user=user, institution=institution)
            if institution.language == "ru":
                # The Russian schools' staff work in Russian; Ghent's demo accounts keep English.
                profile = UserProfile.get_for_user(user)
                profile.preferred_language = institution.language
                profile.save()
        rows.append((username, role or "Superuser", institution_code or "all"))
    return rows
