import uuid

import pytest
from django.core.cache import cache
from django.utils import translation

from core.models import Institution
from forms_app.models import DomainFormPage


@pytest.fixture(autouse=True)
def fresh_rate_limit_and_language():
    """Every test starts with an unused rate limit (the cache outlives a test's transaction), and
    leaves no language behind: the locale middleware keeps the last request's active in the thread."""
    cache.clear()
    yield
    translation.deactivate()


@pytest.fixture
def gent(db):
    return Institution.objects.get(code="gent")


@pytest.fixture
def registration_page(db):
    return DomainFormPage.objects.get(slug="inschrijven-leerling")


@pytest.fixture
def volunteer_page(db):
    return DomainFormPage.objects.get(slug="vrijwilliger-worden")


@pytest.fixture
def subsidy_page(db):
    return DomainFormPage.objects.get(slug="erkenning-en-subsidie-aanvragen")


def registration_data(**overrides):
    return {
        "registered_by": "parent",
        "first_name": "Lina",
        "last_name": "Peeters",
        "school_level": "BaO",
        "grade": "4",
        "school": "Basisschool De Wijze Boom",
        "district": "",
        "initiative": "",
        "applicant_name": "Sara Peeters",
        "email": "sara@example.org",
        "phone": "",
        "consent": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


def subsidy_data(**overrides):
    return {
        "initiative_name": "Huiswerkklas Brugse Poort",
        "kind": "non_profit",
        "applicant_name": "An Coördinator",
        "email": "an@example.org",
        "phone": "",
        "school_year": "2026-2027",
        "requested_amount": "2500.00",
        "declares_support_free": "on",
        "declares_ghent_pupils": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


@pytest.fixture
def registration_page_committed(transactional_db):
    """The registration page in a database other threads see (transactional tests start empty)."""
    from cms.seed import load_seed_content

    load_seed_content()
    return DomainFormPage.objects.get(slug="inschrijven-leerling")
