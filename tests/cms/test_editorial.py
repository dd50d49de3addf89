"""P-C3, P-C4: drafts, revisions, scheduled publishing, admin in four languages."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


def test_a_draft_does_not_change_the_public_page(client, communication_user, ghent_page):
    ghent_page.title = "Nog niet gepubliceerd"
    ghent_page.save_revision(user=communication_user)
    assert "Nog niet gepubliceerd" not in client.get(ghent_page.url).content.decode()


def test_revisions_are_listed_for_communication_staff(client, communication_user, ghent_page):
    ghent_page.save_revision(user=communication_user)
    client.force_login(communication_user)
    response = client.get(f"/admin/pages/{ghent_page.pk}/history/")
    assert response.status_code == 200
    assert client.get(f"/admin/pages/{ghent_page.pk}/revisions/").status_code in (200, 302)


def test_a_scheduled_publication_goes_live_when_due(client, communication_user, ghent_page):
    ghent_page.title = "Visie op studieondersteuning 2027"
    go_live_at = ghent_page.go_live_at = timezone.now() + timedelta(minutes=5)
    revision = ghent_page.save_revision(user=communication_user)
    revision.publish(user=communication_user)  # with go_live_at ahead, this schedules
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    ghent_page.refresh_from_db()
    assert ghent_page.title == "Visie op studieondersteuning"

    later = go_live_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    ghent_page.refresh_from_db()
    assert ghent_page.title == "Visie op studieondersteuning 2027"


def test_preview_of_a_content_page_renders(client, communication_user, ghent_page):
    client.force_login(communication_user)
    response = client.get(f"/admin/pages/{ghent_page.pk}/view_draft/")
    assert response.status_code == 200
    assert "1414" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "word"),
    [("nl", "Sneltoetsen"), ("ru", "Сочетания клавиш"), ("uk", "Комбінації клавіш")],
)
def test_the_admin_speaks_the_editors_language(client, communication_user, language, word):
    profile = UserProfile.get_for_user(communication_user)
    profile.preferred_language = language
    profile.save()
    client.force_login(communication_user)
    html = client.get("/admin/").content.decode()
    assert f'lang="{language}"' in html
    assert word in html
