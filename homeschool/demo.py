"""Demo home-schooling records of МАОУ СОШ № 8, Verkhny Tagil (make run): one pupil taught at
home with the order, contract, curriculum and schedule of the regulation's appendices, renewed from
last year's case after its marks and promotion decision, with this term's lesson journal (held and
cancelled lessons) and the calendar school schedules; and one new application waiting to be
organised (on the dashboard's deadlines panel)."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from core.demo import demo_reason
from core.models import Institution, refuse_unless_met
from core.school_year import last_day_of_school_year, school_year_of
from homeschool.models import (
    AttestationMark,
    CalendarPeriod,
    CurriculumLine,
    HomeSchoolingCase,
    HomeSchoolingContract,
    HomeSchoolingOrder,
    IndividualCurriculum,
    IndividualSchedule,
    Lesson,
    PromotionDecision,
    ScheduleEntry,
    SchoolCalendar,
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


# kind, name, (month, day) from, (month, day) until: a school year of quarters (2.12)
CALENDAR = [
    ("study", "1 четверть", (9, 1), (10, 24)),
    ("holidays", "Осенние каникулы", (10, 25), (11, 3)),
    ("study", "2 четверть", (11, 4), (12, 27)),
    ("holidays", "Зимние каникулы", (12, 28), (1, 8)),
    ("study", "3 четверть", (1, 9), (3, 20)),
    ("holidays", "Весенние каникулы", (3, 21), (3, 29)),
    ("study", "4 четверть", (3, 30), (5, 26)),
    ("attestation", "Промежуточная аттестация", (4, 20), (5, 20)),
]
LAST_YEAR_MARKS = [("Русский язык", "4"), ("Литературное чтение", "5"), ("Математика", "4"), ("Окружающий мир", "5")]
FIRST_QUARTER_MARKS = [("Русский язык", "4"), ("Литература", "5"), ("Математика", "3")]


def _save(record):
    record._change_reason = demo_reason(record.institution)
    record.full_clean()
    record.save()
    return record


def _calendar(school, year):
    """The calendar school schedule of the school year starting in ``year`` (2.12)."""
    calendar = _save(
        SchoolCalendar(
            institution=school,
            school_year=year,
            starts_on=date(year, 9, 1),
            ends_on=date(year + 1, 5, 26),
            approved_on=date(year, 8, 30),
            director_name=DIRECTOR,
        )
    )
    for kind, name, (from_month, from_day), (to_month, to_day) in CALENDAR:
        _save(
            CalendarPeriod(
                institution=school,
                calendar=calendar,
                kind=kind,
                name=name,
                starts_on=date(year if from_month >= 9 else year + 1, from_month, from_day),
                ends_on=date(year if to_month >= 9 else year + 1, to_month, to_day),
            )
        )
    return calendar


def _organise(case, order, teachers, contract_number):
    """The order's load for ``case``, its contract, and the step that organises it (HS-R12)."""
    for teacher, hours in teachers:
        _save(
            TeacherAssignment(
                institution=case.institution,
                order=order,
                case=case,
                teacher_name=teacher,
                weekly_hours=Decimal(hours),
                weekly_lessons=int(hours),
            )
        )
    _save(
        HomeSchoolingContract(
            institution=case.institution,
            case=case,
            number=contract_number,
            concluded_on=order.issued_on,
            director_name=DIRECTOR,
            parent_name=case.applicant_name,
            passport_series="6515",
            passport_number="482913",
            passport_issued_on=date(order.issued_on.year - 9, 3, 14),
            passport_issued_by="Отделением УФМС России по Свердловской обл. в г. Кировграде",
            parent_address=case.applicant_address,
            parent_phone=case.applicant_phone,
            term_start=case.period_start,
            term_end=case.period_end,
        )
    )
    case._change_reason = demo_reason(case.institution)
    case.organise(on=order.issued_on)


def _journal(case, today):
    """The last weeks' lessons of the schedule up to yesterday (HS-R7): held, and one maths lesson
    cancelled because the pupil was ill, which the parent told the school of that morning (3.2)."""
    contract = case.contract
    end = min(today - timedelta(days=1), contract.term_end)
    day = max(contract.term_start, end - timedelta(days=41))
    cancelled = False
    while day <= end:
        if not SchoolCalendar.holiday_of(case.institution, day):
            for weekday, subject, _starts_at, _ends_at, teacher in SCHEDULE:
                if weekday != day.isoweekday():
                    continue
                ill = not cancelled and subject == "Математика"
                cancelled = cancelled or ill
                _save(
                    Lesson(
                        institution=case.institution,
                        case=case,
                        given_on=day,
                        subject=subject,
                        teacher_name=teacher,
                        status="cancelled" if ill else "held",
                        cancel_reason="pupil_ill" if ill else "",
                        parent_notified_on=day if ill else None,
                    )
                )
        day += timedelta(days=1)


@transaction.atomic
def load_demo_records(responsible_username="vtagil-deputy", class_teacher_username="vtagil-teacher"):
    """Create the demo records once; a second run changes nothing. Returns whether it created them."""
    school = Institution.objects.get(code=INSTITUTION)
    if HomeSchoolingCase.objects.filter(institution=school).exists():
        return False
    today = school.today()
    year = school_year_of(today)
    responsible = get_user_model().objects.filter(username=responsible_username).first()
    class_teacher = get_user_model().objects.filter(username=class_teacher_username).first()
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
        "class_teacher_account": class_teacher,
    }
    for calendar_year in (year - 1, year):
        _calendar(school, calendar_year)
    pupil = {
        "applicant_name": "Петрова Ольга Николаевна",
        "applicant_phone": "+7 912 000-11-22",
        "applicant_email": "petrova@example.org",
        "child_name": "Петров Артём Игоревич",
        "programme": "adapted",
        "ground": "special_needs",
    }
    # Last school year, in the 4th class: organised, attested, promoted (HS-R9), then renewed.
    last_year = _save(
        HomeSchoolingCase(
            **common,
            **pupil,
            class_name="4 Б",
            education_level="primary",
            pmpk_conclusion_date=date(year - 1, 5, 12),
            pmpk_conclusion_number="198-П, ТОПМПК г. Кировграда",
            medical_conclusion="Заключение ВК № 96",
            period_start=date(year - 1, 9, 1),
            period_end=date(year, 5, 31),
            applied_on=date(year - 1, 8, 24),
            original_received_on=date(year - 1, 8, 24),
            documents_received_on=date(year - 1, 8, 26),
        )
    )
    last_order = _save(
        HomeSchoolingOrder(
            institution=school,
            number="87-од",
            issued_on=date(year - 1, 8, 27),
            school_year=year - 1,
            specialists="Кузьмина Н. П., педагог-психолог; Сидорова Е. А., учитель-логопед",
            responsible_deputy="Кузнецова Наталья Сергеевна",
            director_name=DIRECTOR,
        )
    )
    _organise(last_year, last_order, ((RUSSIAN, "3"), (MATHS, "2")), "9")
    for subject, mark in LAST_YEAR_MARKS:
        _save(AttestationMark(institution=school, case=last_year, subject=subject, period="year", mark=mark))
    _save(
        PromotionDecision(
            institution=school, case=last_year, decision="promoted", decided_on=date(year, 5, 28), council_protocol="9"
        )
    )
    # This year: the renewal (HS-R10) with the parent's new application and medical conclusion, in 5 Б.
    last_year._change_reason = demo_reason(school)
    case = last_year.renew()
    case.applied_on = date(year, 8, 25)
    case.acknowledged = True
    case.original_received_on = date(year, 8, 25)
    case.pmpk_conclusion_date = date(year, 5, 14)
    case.pmpk_conclusion_number = "341-П, ТОПМПК г. Кировграда"
    case.medical_conclusion = "Заключение ВК № 118"
    case.period_end = last_day_of_school_year(year) - timedelta(days=92)
    refuse_unless_met(case.documents_needs())
    case.documents_received_on = date(year, 8, 27)
    _save(case)
    last_year._change_reason = demo_reason(school)
    last_year.end_term(HomeSchoolingCase.Status.RENEWED, last_year.contract.term_end)
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
    curriculum = _save(
        IndividualCurriculum(
            institution=school,
            case=case,
            school_year=year,
            council_date=date(year, 8, 26),
            council_protocol="3",
            approver_name=DIRECTOR,
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
    _organise(case, order, ((RUSSIAN, "3"), (MATHS, "2"), (SPEECH, "1")), "14")
    # HS-R11 (2.15, 2.16): the parent agreed, then the director approved.
    curriculum._change_reason = demo_reason(school)
    curriculum.record_parent_agreement(on=order.issued_on)
    curriculum.approve(on=order.issued_on)
    schedule = _save(IndividualSchedule(institution=school, case=case))
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
    schedule._change_reason = demo_reason(school)
    schedule.record_parent_agreement(on=order.issued_on)
    schedule.approve(on=order.issued_on)
    _journal(case, today)
    for subject, mark in FIRST_QUARTER_MARKS:
        _save(AttestationMark(institution=school, case=case, subject=subject, period="q1", mark=mark))
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
