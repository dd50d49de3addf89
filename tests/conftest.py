import pytest
from django.core.cache import cache
from django.utils import translation

from cms.seed import load_seed_content
from core.roles import COMMUNICATION_STAFF, INSTITUTION_ADMINISTRATOR
from tests.factories import UserFactory
from tests.object_store import BUCKETS, SeaweedFS


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


@pytest.fixture(scope="session")
def object_store():
    """One SeaweedFS for the session, started by the first test that asks for it (about a second)."""
    store = SeaweedFS().start()
    yield store
    store.stop()


@pytest.fixture
def in_buckets(object_store, settings, tmp_path):
    """Both storages in the object store's buckets, emptied for the test, and empty media folders
    that must stay empty: nothing of the test may land on the local disk."""
    from config.settings.buckets import bucket_storages

    client = object_store.client()
    for bucket in BUCKETS.values():
        for key in object_store.objects(bucket):
            client.delete_object(Bucket=bucket, Key=key)
    settings.AWS_S3_ENDPOINT_URL = object_store.endpoint_url
    settings.STORAGES = {**settings.STORAGES, **bucket_storages(object_store.env)}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    yield object_store
    assert not list(tmp_path.rglob("*")), "a file landed on the local disk"
