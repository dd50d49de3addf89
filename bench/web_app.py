"""The portal's WSGI application as bench/submissions.py serves it through gunicorn.

With ``BENCH_UNNUMBERED=1`` (the baseline) the public forms save the same records, submission
and history, but under a random code of their own instead of a number from the series' counter:
the same form saved without a reference number.
"""

import os
import uuid
from contextlib import contextmanager
from types import SimpleNamespace

from config.wsgi import application  # noqa: F401 - what gunicorn serves


class OwnCodes(dict):
    """A numbering's ``numbers`` when no number is taken: each code stands for itself."""

    def __missing__(self, code):
        return code


@contextmanager
def unnumbered():
    yield SimpleNamespace(numbers=OwnCodes())


if os.environ.get("BENCH_UNNUMBERED"):
    from forms_app import submissions

    submissions.numbered_last = unnumbered
    submissions.reference_for = lambda series, year: f"{series}-U-{uuid.uuid4().hex[:12]}"
