"""Demo accounts and records for development only (``manage.py load_demo``, never with DEBUG off).

Core makes the accounts every portal has (a superuser, communication staff); each domain names
its own accounts and loads its own records (core.domains), so core names no institution.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from core.domains import domains, roles_offered
from core.models import Institution, Membership, take_institution_language
from core.roles import COMMUNICATION_STAFF

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - development demo data, refused without DEBUG


def demo_reason(institution):
    """The history reason of demo records, in the language of the institution that reads them."""
    with institution.localised():
        return _("Demo data (make run)")


def create_demo_accounts():
    """Create (or reset the password of) each demo account; returns (username, role, institution) rows."""
    for domain in domains():
        for institution in domain.demo_institutions:
            Institution.objects.get_or_create(
                code=institution["code"], defaults={"domains": [domain.app_label], **institution}
            )
    rows = [_account("admin", superuser=True), _account("communication", role=COMMUNICATION_STAFF)]
    for domain in domains():
        for account in domain.demo_accounts:
            if account.role not in roles_offered(Institution.objects.get(code=account.institution)):
                raise ImproperlyConfigured(
                    f"Demo account {account.username}: {account.institution} offers no {account.role} role "
                    "(its domains assign no records to reviewers)."
                )
            rows.append(
                _account(
                    account.username, role=account.role, institution=account.institution, language=account.language
                )
            )
    return rows


def _account(username, role=None, institution=None, language="", superuser=False):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    # Wagtail's account page requires both names: without a last name it saves nothing.
    user.first_name = user.first_name or username.title()
    user.last_name = user.last_name or "Demo"
    user.is_staff = user.is_superuser = superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    if institution:
        institution = Institution.objects.get(code=institution)
        Membership.objects.get_or_create(user=user, institution=institution)
        take_institution_language(user, institution)  # an account made before the rule, too
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return username, role or "Superuser", institution.code if institution else "all"


def load_demo():
    """The demo accounts, then every domain's demo records; returns (accounts, {domain: created})."""
    accounts = create_demo_accounts()
    return accounts, {domain.label: bool(domain.load_demo()) for domain in domains()}
