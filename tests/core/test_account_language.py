"""P-C3: an account works in its institution's language, names the portal in it, and the account
page saves for every demo account (issue 11, items 4 and 6)."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.users.models import UserProfile

from core.demo import create_demo_accounts
from core.history import field_changes
from core.models import Institution, Membership
from core.roles import INSTITUTION_ADMINISTRATOR
from studysupport.models import Pupil
from tests.factories import InitiativeFactory, InstitutionFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db


def admin_language(user):
    return UserProfile.get_for_user(user).preferred_language


def test_a_new_account_takes_its_institutions_language():
    ghent = Institution.objects.get(code="gent")
    user = UserFactory(username="new-colleague", role=INSTITUTION_ADMINISTRATOR, institution=ghent, admin_language="")
    assert admin_language(user) == "nl"


def test_a_language_the_user_chose_is_kept_when_they_join_another_institution():
    user = UserFactory(username="mover", admin_language="uk")
    Membership.objects.create(user=user, institution=InstitutionFactory(code="elsewhere", language="ru"))
    assert admin_language(user) == "uk"


def test_the_demo_accounts_work_in_their_institutions_language():
    create_demo_accounts()
    accounts = get_user_model().objects.in_bulk(field_name="username")
    assert admin_language(accounts["gent-admin"]) == "nl"
    assert admin_language(accounts["gent-coordinator"]) == "nl"
    assert admin_language(accounts["vtagil-deputy"]) == "ru"
    assert admin_language(accounts["vtagil-admin"]) == "ru"


def account_form_data(response):
    """What the account page shows in its fields, as a browser would send it back unchanged."""
    data = {}
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            for field in panel.get_form():
                value = field.value()
                if getattr(field.field.widget, "input_type", "") == "file" or value in (None, False):
                    continue
                data[field.html_name] = value
    return data


def test_the_account_page_saves_for_every_demo_account(client):
    accounts = create_demo_accounts()
    assert len(accounts) >= 6
    for username, _role, _institution in accounts:
        client.force_login(get_user_model().objects.get(username=username))
        page = client.get("/admin/account/")
        response = client.post("/admin/account/", account_form_data(page))
        assert response.status_code == 302, username


@pytest.mark.parametrize(("language", "portal"), [("nl", "Onderwijsportaal"), ("ru", "Портал образования")])
def test_the_dashboard_names_the_portal_in_the_users_language(client, language, portal):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x-long-password-1")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert f">{portal}<" in html.replace("\n", "").replace("  ", "")


def test_the_history_shows_choices_yes_no_and_linked_records_in_the_users_language():
    initiative = InitiativeFactory()
    pupil = PupilFactory(institution=initiative.institution, initiative=initiative, status=Pupil.Status.REGISTERED)
    other = InitiativeFactory(institution=pupil.institution, name="Huiswerkklas Rabot")
    pupil.initiative = other
    pupil.close()  # the status moves only by a step (SS-R5): one history row with both changes
    initiative.keeps_waiting_list = False
    initiative.save()
    with translation.override("ru"):
        changes = {str(label): (str(old), str(new)) for label, old, new in field_changes(pupil.history.first())}
        assert changes[str(Pupil._meta.get_field("status").verbose_name)] == (
            str(Pupil.Status.REGISTERED.label),
            str(Pupil.Status.CLOSED.label),
        )
        assert changes[str(Pupil._meta.get_field("initiative").verbose_name)] == (str(initiative), str(other))
        ((_label, old, new),) = field_changes(initiative.history.first())
        assert (old, new) == ("Да", "Нет")
