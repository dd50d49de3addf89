import pytest

from core.models import Institution
from tests.forms_app.conftest import (  # noqa: F401  the public form pages, and a fresh rate limit per test
    fresh_rate_limit_and_language,
    registration_page,
    subsidy_page,
    volunteer_page,
)


@pytest.fixture
def gent(db):
    """Ghent as the seed content stores it, with its public form pages."""
    return Institution.objects.get(code="gent")
