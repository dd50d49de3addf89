from django.apps import AppConfig


class TestDomainConfig(AppConfig):
    """A minimal regulation domain that proves the contract (core.domains), installed by the test
    settings only, as Wagtail's own test apps are. Declared to the portal in ``domain.py``."""

    name = "tests.testdomain"
    label = "testdomain"
    verbose_name = "Library loans"
