import pytest
from django.core.cache import cache
from django.utils import translation

from cms.seed import load_seed_content
from core.roles import COMMUNICATION_STAFF, INSTITUTION_ADMINISTRATOR
from tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the seed content, as `make run` serves it."""
    with django_db_blocker.unblock():
        load_seed_content()


@pytest.fixture
def communication_user(db):
    return UserFactory(username="comms", role=COMMUNICATION_STAFF)


@pytest.fixture
def institution_admin(db):
    from core.models import Institution

    return UserFactory(
        username="gent-admin", role=INSTITUTION_ADMINISTRATOR, institution=Institution.objects.get(code="gent")
    )


@pytest.fixture
def ghent_page(db):
    from cms.models import ContentPage

    return ContentPage.objects.get(slug="visie-studieondersteuning")


@pytest.fixture
def fresh_rate_limit_and_language():
    """An unused rate limit per test of a public form, and no language left active in the thread for
    the next test."""
    cache.clear()
    yield
    translation.deactivate()
