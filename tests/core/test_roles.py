"""Roles and page permissions (platform spec "Who uses it", P-C4)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from core.roles import COMMUNICATION_STAFF, INSTITUTION_ADMINISTRATOR, REVIEWER
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_roles_exist_as_groups_with_admin_access():
    for name in (COMMUNICATION_STAFF, INSTITUTION_ADMINISTRATOR, REVIEWER):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()


def test_communication_staff_can_edit_and_publish_pages(client, communication_user, ghent_page):
    assert ghent_page.permissions_for_user(communication_user).can_edit()
    assert ghent_page.permissions_for_user(communication_user).can_publish()
    client.force_login(communication_user)
    assert client.get(f"/admin/pages/{ghent_page.pk}/edit/").status_code == 200


def test_communication_staff_publish_a_draft_through_the_admin(client, communication_user, ghent_page):
    ghent_page.title = "Visie op studieondersteuning in Gent"
    ghent_page.save_revision(user=communication_user)
    client.force_login(communication_user)

    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={ghent_page.pk}", {"include_descendants": ""})

    assert response.status_code == 302
    ghent_page.refresh_from_db()
    assert ghent_page.title == "Visie op studieondersteuning in Gent"
    assert not ghent_page.has_unpublished_changes


@pytest.mark.parametrize("url", ["/admin/users/", "/admin/groups/", "/admin/users/new/"])
def test_communication_staff_cannot_manage_users(client, communication_user, url):
    client.force_login(communication_user)
    response = client.get(url)
    assert response.status_code == 403
    assert "permission" in response.content.decode()


def test_page_tree_has_the_communication_review_workflow(ghent_page):
    workflow = ghent_page.get_workflow()
    assert isinstance(workflow, Workflow)
    assert workflow.name == "Communication review"
    assert workflow.tasks.first().specific.groups.filter(name=COMMUNICATION_STAFF).exists()


def test_communication_staff_can_submit_to_moderation(communication_user, ghent_page):
    revision = ghent_page.save_revision(user=communication_user)
    workflow_state = ghent_page.get_workflow().start(ghent_page, communication_user)
    assert workflow_state.status == "in_progress"
    assert int(revision.object_id) == ghent_page.pk


def test_superusers_still_manage_users(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "correct-horse-battery-staple")
    client.force_login(admin)
    assert client.get("/admin/users/").status_code == 200


def test_communication_staff_delete_single_pages_but_not_a_branch(client, communication_user, ghent_page):
    """P-C4, as the README's Security section states: with change and publish rights on the tree,
    communication staff may delete a page without children, published or not, in the admin and
    through the API; a page with children (an institution's section) only a superuser deletes."""
    from wagtail.models import APIToken

    section = ghent_page.get_parent()
    assert not section.permissions_for_user(communication_user).can_delete()
    _token, plaintext = APIToken.create_token(user=communication_user, name="delete")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert client.delete(f"/api/v3/pages/{section.pk}/", **bearer).status_code == 403
    assert ghent_page.live and ghent_page.permissions_for_user(communication_user).can_delete()
    assert client.delete(f"/api/v3/pages/{ghent_page.pk}/", **bearer).status_code == 204
    assert not type(ghent_page).objects.filter(pk=ghent_page.pk).exists()


def test_communication_staff_get_no_inbox_or_deadlines_and_administrators_do(client, communication_user):
    """Communication staff edit pages only: panels that could never hold a record stay away."""
    client.force_login(communication_user)
    page = client.get("/admin/").content.decode()
    assert 'id="inbox' not in page and 'id="deadlines' not in page
    client.force_login(UserFactory(role=INSTITUTION_ADMINISTRATOR, institution=InstitutionFactory()))
    page = client.get("/admin/").content.decode()
    assert 'id="inbox' in page and 'id="deadlines' in page


def test_a_domain_may_give_a_role_other_actions_per_model(monkeypatch):
    """core.domains: ``role_permissions`` names actions for every record model of the domain, or per
    model (a class teacher edits achievements and only reads classes); models left out get none."""
    from core.domains import domains, grant_role_permissions
    from tests.testdomain.domain import Library
    from tests.testdomain.models import Book, Loan

    library = next(domain for domain in domains() if isinstance(domain, Library))
    monkeypatch.setattr(library, "role_permissions", {REVIEWER: {Book: ("view",), Loan: ("view", "change")}})
    assert sorted(library.permission_codenames(REVIEWER)) == ["change_loan", "view_book", "view_loan"]
    assert library.permission_codenames(INSTITUTION_ADMINISTRATOR) == []
    grant_role_permissions()
    reviewers = Group.objects.get(name=REVIEWER).permissions.filter(content_type__app_label="testdomain")
    granted = set(reviewers.values_list("codename", flat=True))
    assert {"change_loan", "view_book", "view_loan"} <= granted and "change_book" not in granted
