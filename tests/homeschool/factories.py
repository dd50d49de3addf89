from datetime import date, time
from decimal import Decimal

import factory

from core.models import Institution
from tests.factories import RecordFactory


def school_8():
    return Institution.objects.get(code="vtagil-school-8")


class CaseFactory(RecordFactory):
    class Meta:
        model = "homeschool.HomeSchoolingCase"

    institution = factory.LazyFunction(school_8)
    applicant_name = "Иванова Мария Петровна"
    applicant_address = "г. Верхний Тагил, ул. Свободы, 10"
    applicant_phone = "+7 900 000-00-00"
    applicant_email = "parent@example.org"
    child_name = factory.Sequence(lambda n: f"Иванов Пётр {n}")
    child_birth_year = 2015
    class_name = "5 Б"
    programme = "basic"
    education_level = "basic"
    medical_conclusion = "Справка ВК № 17 от 20.08.2026"
    medical_organisation = "ГАУЗ СО «Верхнетагильская ГБ»"
    period_start = date(2026, 9, 1)
    period_end = date(2027, 5, 31)
    acknowledged = True
    applied_on = date(2026, 8, 25)
    original_received_on = date(2026, 8, 25)
    class_teacher_name = "Смирнова Анна Ивановна"
    class_teacher_email = "class-teacher@example.org"


class OrderFactory(RecordFactory):
    class Meta:
        model = "homeschool.HomeSchoolingOrder"

    institution = factory.LazyFunction(school_8)
    number = factory.Sequence(lambda n: f"{n + 100}-од")
    issued_on = date(2026, 8, 28)
    school_year = 2026
    specialists = "Петрова О. В., педагог-психолог; Сидорова Е. А., учитель-логопед"
    responsible_deputy = "Кузнецова Н. С."
    director_name = "Гайдамака В. В."


class AssignmentFactory(RecordFactory):
    class Meta:
        model = "homeschool.TeacherAssignment"

    institution = factory.LazyFunction(school_8)
    order = factory.SubFactory(OrderFactory)
    case = factory.SubFactory(CaseFactory)
    teacher_name = "Орлова Татьяна Викторовна"
    weekly_hours = Decimal("6")
    weekly_lessons = 6


class ContractFactory(RecordFactory):
    class Meta:
        model = "homeschool.HomeSchoolingContract"

    institution = factory.LazyFunction(school_8)
    case = factory.SubFactory(CaseFactory)
    number = factory.Sequence(lambda n: f"Д-{n + 1}")
    concluded_on = date(2026, 8, 28)
    director_name = "Гайдамака В. В."
    parent_name = "Иванова Мария Петровна"
    passport_series = "6510"
    passport_number = "123456"
    passport_issued_on = date(2012, 3, 14)
    passport_issued_by = "ОУФМС России по Свердловской обл."
    parent_address = "г. Верхний Тагил, ул. Свободы, 10"
    parent_phone = "+7 900 000-00-00"
    term_start = date(2026, 9, 1)
    term_end = date(2027, 5, 31)


class CurriculumFactory(RecordFactory):
    class Meta:
        model = "homeschool.IndividualCurriculum"

    institution = factory.LazyFunction(school_8)
    case = factory.SubFactory(CaseFactory)
    programme_name = "Основная общеобразовательная программа основного общего образования"
    council_date = date(2026, 8, 26)
    council_protocol = "3"


class CurriculumLineFactory(RecordFactory):
    class Meta:
        model = "homeschool.CurriculumLine"

    institution = factory.LazyFunction(school_8)
    curriculum = factory.SubFactory(CurriculumFactory)
    part = "compulsory"
    subject_area = "Математика и информатика"
    subject = "Математика"
    teacher_name = "Орлова Татьяна Викторовна"
    hours_with_teacher = Decimal("3")
    hours_distance = Decimal("1")
    hours_self_study = Decimal("1")


class ScheduleFactory(RecordFactory):
    class Meta:
        model = "homeschool.IndividualSchedule"

    institution = factory.LazyFunction(school_8)
    case = factory.SubFactory(CaseFactory)


class ScheduleEntryFactory(RecordFactory):
    class Meta:
        model = "homeschool.ScheduleEntry"

    institution = factory.LazyFunction(school_8)
    schedule = factory.SubFactory(ScheduleFactory)
    weekday = 1
    subject = "Математика"
    starts_at = time(9, 0)
    ends_at = time(9, 40)
    teacher_name = "Орлова Татьяна Викторовна"


class LessonFactory(RecordFactory):
    """A lesson held inside the contract's term (HS-R7): give it a case with a contract."""

    class Meta:
        model = "homeschool.Lesson"

    institution = factory.LazyFunction(school_8)
    case = factory.LazyAttribute(lambda lesson: ContractFactory(institution=lesson.institution).case)
    given_on = date(2026, 9, 7)
    subject = "Математика"
    teacher_name = "Орлова Татьяна Викторовна"
    hours = Decimal("1")


class MarkFactory(RecordFactory):
    class Meta:
        model = "homeschool.AttestationMark"

    institution = factory.LazyFunction(school_8)
    case = factory.SubFactory(CaseFactory, institution=factory.SelfAttribute("..institution"))
    subject = "Математика"
    period = "q1"
    mark = "4"


class PromotionFactory(RecordFactory):
    class Meta:
        model = "homeschool.PromotionDecision"

    institution = factory.LazyFunction(school_8)
    case = factory.SubFactory(CaseFactory, institution=factory.SelfAttribute("..institution"))
    decision = "promoted"
    decided_on = date(2027, 5, 28)
    council_protocol = "9"


class CalendarFactory(RecordFactory):
    class Meta:
        model = "homeschool.SchoolCalendar"

    institution = factory.LazyFunction(school_8)
    school_year = 2026
    starts_on = date(2026, 9, 1)
    ends_on = date(2027, 5, 26)
    director_name = "Гайдамака В. В."


class CalendarPeriodFactory(RecordFactory):
    class Meta:
        model = "homeschool.CalendarPeriod"

    institution = factory.LazyFunction(school_8)
    calendar = factory.SubFactory(CalendarFactory, institution=factory.SelfAttribute("..institution"))
    kind = "holidays"
    name = "Осенние каникулы"
    starts_on = date(2026, 10, 26)
    ends_on = date(2026, 11, 3)
