"""P-C3: the study-support admin reads in each of the portal's languages."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from studysupport.models import Pupil, Support


@pytest.mark.parametrize(
    ("language", "pupil", "rule"),
    [
        ("nl", "leerling", "deel “Opleiding en omkadering”"),
        ("ru", "ученик", "раздел «Обучение и сопровождение»"),
        ("uk", "учень", "розділ «Навчання та супровід»"),
    ],
)
def test_record_names_and_rule_messages_are_translated(language, pupil, rule):
    """P-C3."""
    with translation.override(language):
        assert str(Pupil._meta.verbose_name) == pupil
        assert str(Support._meta.get_field("volunteer").verbose_name) != "volunteer"
        english = (
            "This volunteer's screening is not approved yet "
            "(Ghent's vision text on study support, section “Training and guidance”)."
        )
        message = gettext(english)
        assert rule in message and message != english
