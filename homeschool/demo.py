"""Demo home-schooling records of МАОУ СОШ № 8, Verkhny Tagil (make run): one pupil taught at
home with the order, contract, curriculum and schedule of the regulation's appendices, and one
new application waiting to be organised (on the dashboard's deadlines panel)."""

from datetime import time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from core.demo import demo_reason
from core.models import Institution
from core.school_year import last_day_of_school_year, school_year_of
from homeschool.models import (
    CurriculumLine,
    HomeSchoolingCase,
    HomeSchoolingContract,
    HomeSchoolingOrder,
    IndividualCurriculum,
    IndividualSchedule,
    ScheduleEntry,
    TeacherAssignment,
)

INSTITUTION = "vtagil-school-8"
DIRECTOR = "Гайдамака В. В."
MATHS, RUSSIAN, SPEECH = "Орлова Татьяна Викторовна", "Белова Ирина Сергеевна", "Сидорова Елена Андреевна"

# part, subject area, subject, teacher, with teacher, distance, self-study
CURRICULUM = [
    ("compulsory", "Русский язык и литература", "Русский язык", RUSSIAN, "2", "1", "1"),
    ("compulsory", "Русский язык и литература", "Литература", RUSSIAN, "1", "0.5", "0.5"),
    ("compulsory", "Математика и информатика", "Математика", MATHS, "2", "1", "1"),
    ("compulsory", "Общественно-научные предметы", "История", "", "0", "1", "1"),
    ("participants", "", "Основы финансовой грамотности", "", "0", "0.5", "0.5"),
    ("correctional", "", "Логопедические занятия", SPEECH, "1", "0", "0"),
    ("extracurricular", "", "Разговоры о важном", "", "0", "1", "0"),
]
SCHEDULE = [
    (1, "Русский язык", time(10, 0), time(10, 40), RUSSIAN),
    (1, "Математика", time(10, 50), time(11, 30), MATHS),
    (2, "Логопедические занятия", time(12, 0), time(12, 40), SPEECH),
    (3, "Литература", time(10, 0), time(10, 40), RUSSIAN),
    (3, "Математика", time(10, 50), time(11, 30), MATHS),
    (4, "Русский язык", time(10, 0), time(10, 40), RUSSIAN),
]


def _save(record):
    record._change_reason = demo_reason(record.institution)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def load_demo_records(responsible_username="vtagil-deputy"):
    """Create the demo records once; a second run changes nothing. Returns whether it created them."""
    school = Institution.objects.get(code=INSTITUTION)
    if HomeSchoolingCase.objects.filter(institution=school).exists():
        return False
    today = school.today()
    year = school_year_of(today)
    responsible = get_user_model().objects.filter(username=responsible_username).first()
    common = {
        "institution": school,
        "applicant_address": "624162, г. Верхний Тагил, ул. Маяковского, 12, кв. 4",
        "child_birth_year": today.year - 11,
        "medical_organisation": "ГАУЗ СО «Верхнетагильская городская больница»",
        "medical_organisation_address": "г. Верхний Тагил, ул. Чапаева, 39",
        "acknowledged": True,
        "class_teacher_name": "Смирнова Анна Ивановна",
        "class_teacher_email": "smirnova@example.org",
        "responsible": responsible,
    }
    case = _save(
        HomeSchoolingCase(
            **common,
            applicant_name="Петрова Ольга Николаевна",
            applicant_phone="+7 912 000-11-22",
            applicant_email="petrova@example.org",
            child_name="Петров Артём Игоревич",
            class_name="5 Б",
            education_level="basic",
            programme="adapted",
            pmpk_conclusion_date=today.replace(year=year, month=5, day=14),
            pmpk_conclusion_number="341-П, ТОПМПК г. Кировграда",
            medical_conclusion="Заключение ВК № 118",
            period_start=today.replace(year=year, month=9, day=1),
            period_end=last_day_of_school_year(year) - timedelta(days=92),
            applied_on=today.replace(year=year, month=8, day=25),
            documents_received_on=today.replace(year=year, month=8, day=27),
        )
    )
    order = _save(
        HomeSchoolingOrder(
            institution=school,
            number="112-од",
            issued_on=case.documents_received_on + timedelta(days=1),
            school_year=year,
            specialists="Кузьмина Н. П., педагог-психолог; Сидорова Е. А., учитель-логопед",
            responsible_deputy="Кузнецова Наталья Сергеевна",
            director_name=DIRECTOR,
        )
    )
    for teacher, hours in ((RUSSIAN, "3"), (MATHS, "2"), (SPEECH, "1")):
        _save(
            TeacherAssignment(
                institution=school,
                order=order,
                case=case,
                teacher_name=teacher,
                weekly_hours=Decimal(hours),
                weekly_lessons=int(hours),
            )
        )
    _save(
        HomeSchoolingContract(
            institution=school,
            case=case,
            number="14",
            concluded_on=order.issued_on,
            director_name=DIRECTOR,
            parent_name=case.applicant_name,
            passport_series="6515",
            passport_number="482913",
            passport_issued_on=today.replace(year=today.year - 9, month=3, day=14),
            passport_issued_by="Отделением УФМС России по Свердловской обл. в г. Кировграде",
            parent_address=case.applicant_address,
            parent_phone=case.applicant_phone,
            term_start=case.period_start,
            term_end=case.period_end,
        )
    )
    curriculum = _save(
        IndividualCurriculum(
            institution=school,
            case=case,
            programme_name="Адаптированная основная общеобразовательная программа основного общего образования "
            "обучающихся с задержкой психического развития (вариант 7.1)",
        )
    )
    for position, (part, area, subject, teacher, with_teacher, distance, self_study) in enumerate(CURRICULUM):
        _save(
            CurriculumLine(
                institution=school,
                curriculum=curriculum,
                part=part,
                subject_area=area,
                subject=subject,
                teacher_name=teacher,
                hours_with_teacher=Decimal(with_teacher),
                hours_distance=Decimal(distance),
                hours_self_study=Decimal(self_study),
                position=position,
            )
        )
    curriculum.agreed_on = curriculum.approved_on = order.issued_on
    _save(curriculum)
    schedule = _save(IndividualSchedule(institution=school, case=case, agreed_on=order.issued_on))
    for weekday, subject, starts_at, ends_at, teacher in SCHEDULE:
        _save(
            ScheduleEntry(
                institution=school,
                schedule=schedule,
                weekday=weekday,
                subject=subject,
                starts_at=starts_at,
                ends_at=ends_at,
                teacher_name=teacher,
            )
        )
    case._change_reason = demo_reason(case.institution)
    case.organise(on=order.issued_on)
    new_case = _save(
        HomeSchoolingCase(
            **common,
            applicant_name="Сергеева Анна Павловна",
            applicant_phone="+7 922 000-33-44",
            applicant_email="sergeeva@example.org",
            child_name="Сергеев Михаил Андреевич",
            class_name="3 А",
            education_level="primary",
            programme="basic",
            medical_conclusion="Справка ВК № 245",
            period_start=today,
            period_end=last_day_of_school_year(year),
            applied_on=today - timedelta(days=1),
            documents_received_on=today - timedelta(days=1),
        )
    )
    # The council's draft curriculum waits for the parent's agreement, which the responsible deputy records (2.15).
    _save(
        IndividualCurriculum(
            institution=school,
            case=new_case,
            programme_name="Основная общеобразовательная программа начального общего образования",
        )
    )
    return True
