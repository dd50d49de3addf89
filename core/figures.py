"""Live key figures that domains compute from their records and pages display (P-C5).

A domain declares its ``figures`` (core.domains.KeyFigures); the page block only names them, so
public pages never import a domain app, and the API serves the same computed values as the page.
"""

from core.domains import all_figures


def provider_choices():
    return [(name, figures.label) for name, figures in all_figures().items()]


def compute_figures(name, institution_code, school_year=""):
    figures = all_figures().get(name)
    return figures.compute(institution_code, school_year) if figures else []
