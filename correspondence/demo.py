"""Demo records of the Novocheboksarsk chemical-mechanical technical college (make run): a
correspondence group and an evening group with their curriculum and sessions, home control works in
every state of the journal (one overdue, one excused by the teacher's sick leave), summons
certificates, the past session's results with two students in debt, and an individual schedule.
Dates count from the college's today."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from core.demo import demo_reason
from core.models import Institution
from core.school_year import school_year_of
from correspondence.models import (
    AttestationResult,
    CurriculumLine,
    Discipline,
    ExaminationSession,
    HomeControlWork,
    IndividualSchedule,
    SickLeave,
    Student,
    StudyGroup,
    SummonsCertificate,
    Teacher,
)

INSTITUTION = "nhmt"
ALEKSEEVA, GRIGORIEV = "Алексеева Наталья Викторовна", "Григорьев Сергей Петрович"
# code, name, cycle, kind, physical education, full-time hours
DISCIPLINES = [
    ("ОГСЭ.03", "Иностранный язык в профессиональной деятельности", "general", "discipline", False, 168),
    ("ОГСЭ.04", "Физическая культура", "general", "discipline", True, 168),
    ("ЕН.01", "Математика", "general", "discipline", False, 96),
    ("ОП.02", "Техническая механика", "professional", "discipline", False, 120),
    ("МДК.01.01", "Технологические процессы изготовления деталей машин", "professional", "mdk", False, 180),
]
# group, discipline, classroom, practical, self-study, attestation, works, teacher
CURRICULUM = [
    ("ТМ-24з", "ОГСЭ.03", 48, 0, 98, "differentiated_credit", 1, ALEKSEEVA),
    ("ТМ-24з", "ОГСЭ.04", 30, 0, 72, "credit", 0, None),
    ("ТМ-24з", "ОП.02", 24, 10, 86, "exam", 1, ALEKSEEVA),
    ("ТМ-24з", "МДК.01.01", 34, 16, 130, "exam", 2, GRIGORIEV),
    ("ХТ-25в", "ЕН.01", 48, 16, 32, "exam", 0, ALEKSEEVA),
    ("ХТ-25в", "ОГСЭ.03", 60, 0, 108, "differentiated_credit", 0, ALEKSEEVA),
]
STUDENTS = [
    ("З-24-001", "Иванов Алексей Сергеевич", "ТМ-24з"),
    ("З-24-002", "Петрова Мария Андреевна", "ТМ-24з"),
    ("З-24-003", "Сидоров Дмитрий Олегович", "ТМ-24з"),
    ("З-24-004", "Фёдорова Ольга Николаевна", "ТМ-24з"),
    ("В-25-001", "Николаева Анна Игоревна", "ХТ-25в"),
    ("В-25-002", "Кузнецов Павел Викторович", "ХТ-25в"),
]


def _save(record):
    record._change_reason = demo_reason(record.institution)
    record.full_clean()
    record.save()
    return record


def _step(record, method, *args, **kwargs):
    """A workflow step of the demo, with the demo's history reason."""
    record._change_reason = demo_reason(record.institution)
    getattr(record, method)(*args, **kwargs)
    return record


@transaction.atomic
def load_demo_records(teacher_username="nhmt-teacher"):
    """Create the demo records once; a second run changes nothing. Returns whether it created them."""
    college = Institution.objects.get(code=INSTITUTION)
    if StudyGroup.objects.filter(institution=college).exists():
        return False
    today = college.today()
    day = lambda offset: today + timedelta(days=offset)  # noqa: E731
    common = {"institution": college}
    groups = {
        code: _save(StudyGroup(**common, code=code, specialty=specialty, form=form, course=course, year=year))
        for code, specialty, form, course, year in (
            ("ТМ-24з", "15.02.16 Технология машиностроения", "correspondence", 3, school_year_of(today)),
            (
                "ХТ-25в",
                "18.02.12 Технология аналитического контроля химических соединений",
                "evening",
                2,
                school_year_of(today),
            ),
        )
    }
    disciplines = {
        code: _save(
            Discipline(
                **common,
                code=code,
                name=name,
                cycle=cycle,
                kind=kind,
                physical_education=physical,
                full_time_hours=hours,
            )
        )
        for code, name, cycle, kind, physical, hours in DISCIPLINES
    }
    account = get_user_model().objects.filter(username=teacher_username).first()
    teachers = {
        ALEKSEEVA: _save(Teacher(**common, name=ALEKSEEVA, user=account)),
        GRIGORIEV: _save(Teacher(**common, name=GRIGORIEV)),
    }
    _save(SickLeave(**common, teacher=teachers[GRIGORIEV], starts_on=day(-10), ends_on=day(-5)))
    sessions = {
        "past": _save(
            ExaminationSession(
                **common, group=groups["ТМ-24з"], starts_on=day(-40), ends_on=day(-27), timetable_approved_on=day(-55)
            )
        ),
        "next": _save(
            ExaminationSession(
                **common, group=groups["ТМ-24з"], starts_on=day(30), ends_on=day(49), timetable_approved_on=today
            )
        ),
        "evening": _save(ExaminationSession(**common, group=groups["ХТ-25в"], starts_on=day(30), ends_on=day(36))),
    }
    for group, discipline, classroom, practical, self_study, attestation, works, teacher in CURRICULUM:
        _save(
            CurriculumLine(
                **common,
                group=groups[group],
                discipline=disciplines[discipline],
                course=groups[group].course,
                classroom_hours=classroom,
                practical_hours=practical,
                self_study_hours=self_study,
                attestation=attestation,
                home_control_works=works,
                works_due_on=day(10) if works else None,
                teacher=teachers.get(teacher),
            )
        )
    students = {
        name.split()[0]: _save(Student(**common, code=code, name=name, group=groups[group], email=""))
        for code, name, group in STUDENTS
    }
    load_works(college, day, groups["ТМ-24з"], students, disciplines)
    _step(
        _save(
            SummonsCertificate(
                **common,
                student=students["Иванов"],
                session=sessions["next"],
                requested_on=day(-1),
                employer="АО «Промтрактор»",
            )
        ),
        "issue",
    )
    _save(
        SummonsCertificate(
            **common,
            student=students["Петрова"],
            session=sessions["next"],
            requested_on=today,
            employer="ПАО «Химпром»",
            by_post=True,
            postal_address="429965, Чувашская Республика, г. Новочебоксарск, ул. Винокурова, 12, кв. 45",
        )
    )
    load_results(college, day, sessions["past"], students, disciplines)
    _save(
        IndividualSchedule(
            **common,
            student=students["Кузнецов"],
            session=sessions["evening"],
            reason="medical",
            document="Справка БУ «Новочебоксарская городская больница» № 412",
            order="Приказ № 318-ОД",
            starts_on=day(40),
            ends_on=day(60),
        )
    )
    return True


def load_works(college, day, group, students, disciplines):
    """The journal, in order of arrival: a work in each state, registered and reviewed on its days."""

    def work(student, discipline, variant, received, **kwargs):
        return _save(
            HomeControlWork(
                institution=college,
                student=students[student],
                group=group,
                discipline=disciplines[discipline],
                variant=variant,
                received_on=day(received),
                **kwargs,
            )
        )

    for discipline, variant, received in (("ОГСЭ.03", "1", -60), ("ОП.02", "8", -58)):  # passed and defended
        defended = work("Фёдорова", discipline, variant, received)
        _step(defended, "register", on=day(received))
        _step(defended, "pass_work", on=day(received + 6))
        _step(defended, "defend", on=day(-41))
    orally = work("Петрова", "ОП.02", "7", -38)  # handed in during the session, taken orally (6.15)
    _step(orally, "register", on=day(-38))
    _step(orally, "pass_without_review", on=day(-35))
    wrong_variant = work("Иванов", "ОГСЭ.03", "2", -50)
    _step(wrong_variant, "register", on=day(-50))
    _step(wrong_variant, "return_wrong_variant", on=day(-45))
    failed = work("Сидоров", "МДК.01.01", "5", -45)
    _step(failed, "register", on=day(-45))
    _step(failed, "fail_work", on=day(-35))
    passed = work("Петрова", "ОГСЭ.03", "4", -40)  # waits for its defence (6.17)
    _step(passed, "register", on=day(-40))
    _step(passed, "pass_work", on=day(-30))
    overdue = work("Сидоров", "ОП.02", "1", -20)  # the head sees it overdue (6.22)
    _step(overdue, "register", on=day(-20))
    excused = work("Иванов", "МДК.01.01", "3", -16)  # the teacher's sick leave moves its due date (6.7)
    _step(excused, "register", on=day(-16))
    under_review = work("Петрова", "МДК.01.01", "6", -3)
    _step(under_review, "register", on=day(-3))
    redo = work("Сидоров", "МДК.01.01", "5", -2, redo_of=failed)  # registered again, linked (6.14)
    _step(redo, "register", on=day(-2))
    work("Иванов", "ОП.02", "3", 0)  # arrived today, waits for the secretary


# The past session's results (CO-R17): student, then the mark of each discipline attested in it.
RESULTS = {
    "ОГСЭ.03": ("differentiated_credit", -28, {"Фёдорова": "5", "Петрова": "4"}),
    "ОГСЭ.04": ("credit", -33, {"Фёдорова": "passed", "Петрова": "passed", "Иванов": "passed", "Сидоров": "failed"}),
    "ОП.02": ("exam", -29, {"Фёдорова": "4", "Петрова": "4"}),
}


def load_results(college, day, session, students, disciplines):
    """The summary sheet's grades: those without their home control works passed are not admitted (CO-R5)."""
    for discipline, (kind, held, grades) in RESULTS.items():
        for student in ("Иванов", "Петрова", "Сидоров", "Фёдорова"):
            _save(
                AttestationResult(
                    institution=college,
                    student=students[student],
                    discipline=disciplines[discipline],
                    session=session,
                    kind=kind,
                    held_on=day(held),
                    grade=grades.get(student, "not_admitted"),
                )
            )
