"""CO-R5's admission list and CO-R17's summary sheet, debts and draft transfer (clause 5.5), as data
for the printed documents."""

from datetime import date

import pytest

from correspondence.sheets import admission_list, debtors, summary_sheet, transferred
from tests.correspondence.factories import CurriculumLineFactory, ResultFactory, StudentFactory, WorkFactory
from tests.factories import put_in_state

pytestmark = pytest.mark.django_db


def test_the_summary_sheet_takes_the_last_result_and_finds_the_debts():
    exam = CurriculumLineFactory(home_control_works=0)
    group = exam.group
    credit = CurriculumLineFactory(group=group, attestation="credit", home_control_works=0)
    CurriculumLineFactory(group=group, attestation="", home_control_works=0)  # no attestation this course
    good, retaken, absent = (StudentFactory(group=group, name=name) for name in ("Анна", "Борис", "Вера"))
    for student in (good, retaken):
        ResultFactory(student=student, discipline=credit.discipline, kind="credit", grade="passed")
    ResultFactory(student=good, discipline=exam.discipline, grade="5")
    ResultFactory(student=retaken, discipline=exam.discipline, grade="2", held_on=date(2027, 1, 20))
    lines, rows = summary_sheet(group)
    assert lines == [exam, credit]
    assert [[result.grade if result else None for result in row.results] for row in rows] == [
        ["5", "passed"],
        ["2", "passed"],
        [None, None],
    ]
    assert [(row.student, row.debts) for row in debtors(group)] == [
        (retaken, [exam.discipline]),
        (absent, [exam.discipline, credit.discipline]),
    ]
    ResultFactory(student=retaken, discipline=exam.discipline, grade="3", held_on=date(2027, 2, 10))
    assert transferred(group) == [good, retaken]


def test_the_admission_list_says_who_is_not_admitted_and_why():
    line = CurriculumLineFactory(home_control_works=1)
    admitted, refused = StudentFactory(group=line.group, name="Анна"), StudentFactory(group=line.group, name="Борис")
    put_in_state(
        WorkFactory(student=admitted, discipline=line.discipline), registered_on=date(2026, 11, 2), result="passed"
    )
    assert admission_list(line.group, line.discipline) == [
        (admitted, []),
        (refused, [f"0 of 1 home control works in “{line.discipline}” passed"]),
    ]
