"""Issue 11.7-8: an institution declares the domains it runs; its staff work only in those.

The walks below take every registered domain and every list in it, so a domain added later is
checked without a test of its own: a member of an institution that does not run the domain has
no menu item for it, gets 403 on its lists, add, import and export, and cannot put a record there.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import RequestFactory
from wagtail.admin.menu import admin_menu

from cms.models import InstitutionIndexPage
from core.admin import record_admins
from core.demo import create_demo_accounts
from core.domains import DemoAccount, domains, roles_offered
from core.exchange_views import ImportForm
from core.models import Institution
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from forms_app.models import DomainFormPage
from homeschool.demo import load_demo_records
from homeschool.models import HomeSchoolingCase
from tests.factories import InstitutionFactory, UserFactory
from tests.records import one_record_of_each

pytestmark = pytest.mark.django_db

DOMAINS = [domain.app_label for domain in domains()]


def menu_urls(user):
    """Every URL of the admin menu as ``user`` sees it, submenus included."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls, items = [], admin_menu.menu_items_for_request(request)
    while items:
        item = items.pop()
        if hasattr(item, "menu"):
            items += item.menu.menu_items_for_request(request)
        else:
            urls.append(item.url)
    return urls


def lists_of(app_label):
    return [records for records in record_admins() if records.model._meta.app_label == app_label]


@pytest.fixture
def elsewhere():
    """An administrator of an institution that runs no domain; the domains are added per test."""
    institution = InstitutionFactory(code="elsewhere", domains=[])
    return UserFactory(username="elsewhere-admin", role=INSTITUTION_ADMINISTRATOR, institution=institution)


def test_seeded_institutions_run_their_own_domains():
    running = dict(Institution.objects.values_list("code", "domains"))
    assert running["gent"] == ["studysupport"]
    assert running["vtagil-school-8"] == ["homeschool"]
    assert running["emishevo-school"] == ["portfolio"]
    assert running["metinvest-polytechnic"] == ["recognition"]
    assert running["nhmt"] == ["correspondence"]


def test_an_institution_declares_only_registered_domains():
    institution = InstitutionFactory.build(code="x", name="X", domains=["studysupport", "astrology"])
    with pytest.raises(ValidationError) as refused:
        institution.full_clean()
    assert "astrology" in str(refused.value.message_dict["domains"])
    institution.domains = "studysupport"
    with pytest.raises(ValidationError):
        institution.full_clean()
    institution.domains = DOMAINS
    institution.full_clean()


@pytest.mark.parametrize("app_label", DOMAINS)
def test_staff_of_an_institution_not_running_a_domain_cannot_reach_it(client, elsewhere, app_label):
    """Hidden from the menu, and refused at every URL of the list too (P-A2: not only buttons)."""
    institution = elsewhere.institutions.get()
    institution.domains = [label for label in DOMAINS if label != app_label]
    institution.save()
    client.force_login(elsewhere)
    shown = menu_urls(elsewhere)
    for records in lists_of(app_label):
        helper, urls = records.permission_helper, records.url_helper
        assert urls.index_url not in shown, f"{records.model._meta.label} in the menu"
        assert not helper.user_can_list(elsewhere) and not helper.user_can_create(elsewhere)
        for url in (urls.index_url, urls.create_url, urls.get_action_url("import"), urls.get_action_url("export")):
            assert client.get(url).status_code == 403, url
    others = [records for label in DOMAINS if label != app_label for records in lists_of(label)]
    assert all(records.url_helper.index_url in shown for records in others), "the domains it runs stay"


@pytest.mark.parametrize("app_label", DOMAINS)
def test_a_record_refuses_an_institution_not_running_its_domain(app_label):
    """In the model, so the admin's forms, the import and the API refuse it with the reason."""
    institution = InstitutionFactory(code="ours")
    records = [
        record for model, record in one_record_of_each(institution).items() if model._meta.app_label == app_label
    ]
    Institution.objects.filter(pk=institution.pk).update(domains=[label for label in DOMAINS if label != app_label])
    stopped = Institution.objects.get(pk=institution.pk)
    for record in records:
        record.institution = stopped
        with pytest.raises(ValidationError) as refused:
            record.full_clean()
        assert "does not run" in str(refused.value.message_dict["institution"]), type(record)


def test_the_demo_administrators_see_only_their_own_domain(client):
    gent = UserFactory(
        username="gent-admin", role=INSTITUTION_ADMINISTRATOR, institution=Institution.objects.get(code="gent")
    )
    school = UserFactory(
        username="vtagil-admin",
        role=INSTITUTION_ADMINISTRATOR,
        institution=Institution.objects.get(code="vtagil-school-8"),
    )
    for user, own, foreign in ((gent, "studysupport", "homeschool"), (school, "homeschool", "studysupport")):
        shown = menu_urls(user)
        assert all(records.url_helper.index_url in shown for records in lists_of(own))
        assert not any(records.url_helper.index_url in shown for records in lists_of(foreign))
        client.force_login(user)
        assert client.get(lists_of(foreign)[0].url_helper.index_url).status_code == 403
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert all(records.url_helper.index_url in menu_urls(root) for records in record_admins())


def test_add_and_import_offer_only_institutions_running_the_domain(client):
    gent = Institution.objects.get(code="gent")
    school = Institution.objects.get(code="vtagil-school-8")
    both = UserFactory(username="both", role=INSTITUTION_ADMINISTRATOR, institution=gent)
    both.memberships.create(institution=school)
    cases = next(records for records in record_admins() if records.model is HomeSchoolingCase)
    client.force_login(both)
    offered = client.get(cases.url_helper.create_url).context["form"].fields["institution"].queryset
    assert list(offered) == [school]
    form = ImportForm(user=both, app_label="studysupport")
    assert list(form.fields["institution"].queryset) == [gent]


def test_form_pages_offer_only_the_forms_of_their_institutions_domains():
    index = InstitutionIndexPage.objects.filter(institution__code="gent").first()
    form_class = DomainFormPage.get_edit_handler().get_form_class()
    offered = dict(form_class(parent_page=index, for_user=None).fields["form_key"].choices)
    assert "studysupport.pupil_registration" in offered
    assert not [key for key in offered if key and not key.startswith("studysupport.")]
    page = DomainFormPage(title="x", slug="x", form_key="homeschool.application", institution=index.institution)
    with pytest.raises(ValidationError) as refused:
        page.clean()
    assert "form_key" in refused.value.message_dict


def test_the_reviewer_role_is_offered_only_where_a_domain_assigns_reviewers():
    """Issue 11.8: study support assigns nothing to reviewers, home schooling its responsible deputy."""
    assigning = {domain.app_label: domain.assigns_reviewers for domain in domains()}
    assert assigning["studysupport"] is False and assigning["homeschool"] is True
    assert roles_offered(Institution.objects.get(code="gent")) == (INSTITUTION_ADMINISTRATOR,)
    assert REVIEWER in roles_offered(Institution.objects.get(code="vtagil-school-8"))
    assert REVIEWER in roles_offered(Institution.objects.get(code="nhmt")), "a teacher reviews home control works"
    assert REVIEWER in roles_offered(Institution.objects.get(code="emishevo-school")), "the class teacher confirms"
    assert roles_offered(Institution.objects.get(code="metinvest-polytechnic")) == (INSTITUTION_ADMINISTRATOR,)


def test_every_demo_account_holds_a_role_its_institution_offers(monkeypatch):
    create_demo_accounts()
    for domain in domains():
        for account in domain.demo_accounts:
            assert account.role in roles_offered(Institution.objects.get(code=account.institution)), account
    studysupport = next(domain for domain in domains() if domain.app_label == "studysupport")
    monkeypatch.setattr(studysupport, "demo_accounts", (DemoAccount("gent-reviewer", REVIEWER, "gent"),))
    with pytest.raises(ImproperlyConfigured):
        create_demo_accounts()


def test_the_demo_reviewer_sees_the_cases_assigned_to_them_and_no_other():
    create_demo_accounts()
    load_demo_records()
    deputy = Institution.objects.get(code="vtagil-school-8").members.get(username="vtagil-deputy")
    assigned = HomeSchoolingCase.objects.for_user(deputy)
    assert assigned.count() == 3, "last year's case, its renewal and the new application"
    HomeSchoolingCase.objects.filter(pk=assigned.first().pk).update(responsible=None)
    assert HomeSchoolingCase.objects.for_user(deputy).count() == 2
