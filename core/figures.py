"""Live key figures that domains compute from their records and pages display (P-C5).

A domain registers a provider; the page block only names it, so public pages never import
a domain app, and the API serves the same computed values as the page.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FiguresProvider:
    label: str
    compute: object  # callable(institution_code, school_year) -> list of {"value", "label", "note"}


PROVIDERS = {}


def register_figures(name, label, compute):
    PROVIDERS[name] = FiguresProvider(label, compute)


def provider_choices():
    return [(name, provider.label) for name, provider in PROVIDERS.items()]


def compute_figures(name, institution_code, school_year=""):
    provider = PROVIDERS.get(name)
    return provider.compute(institution_code, school_year) if provider else []
