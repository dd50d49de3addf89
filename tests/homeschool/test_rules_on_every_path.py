"""The child's data of Appendix 1 hold in the model: the admin and an import refuse the class
and year of birth the parent's form refuses, and a level of education that is not the class's
(issue 11, item 2; P-A3)."""

import pytest
from django.utils import translation

from tests.homeschool.factories import CaseFactory
from tests.rule_paths import admin_form_errors, import_problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"class_name": "пятый"}, "class_name", "Укажите класс номером от 1 до 11 и буквой, например 5 Б."),
        ({"class_name": "12 А"}, "class_name", "Укажите класс номером от 1 до 11 и буквой, например 5 Б."),
        ({"child_birth_year": "1960"}, "child_birth_year", "Укажите год рождения ребёнка, от 2003 до 2021."),
        (
            {"class_name": "9 А", "education_level": "secondary"},
            "education_level",
            "Для класса 9 А уровень образования — «Основное общее образование».",
        ),
    ],
    ids=["class-without-number", "class-12", "birth-year", "level-not-the-class's"],
)
def test_the_admin_and_the_import_refuse_what_the_form_refuses(changes, field, message):
    case = CaseFactory()  # applied on 25.08.2026: born 2003 to 2021
    with translation.override("ru"):
        assert message in admin_form_errors(case, **changes)[field]
        assert message in import_problems(case, **changes)


def test_a_class_and_its_level_are_taken():
    case = CaseFactory()
    changes = {"class_name": "10 Б", "education_level": "secondary", "child_birth_year": "2010"}
    assert not admin_form_errors(case, **changes)
    assert not import_problems(case, **changes)
