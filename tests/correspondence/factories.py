from datetime import date

import factory

from core.models import Institution
from tests.factories import RecordFactory


def college():
    return Institution.objects.get(code="nhmt")


class GroupFactory(RecordFactory):
    class Meta:
        model = "correspondence.StudyGroup"

    institution = factory.LazyFunction(college)
    code = factory.Sequence(lambda n: f"ТМ-{n}з")
    specialty = "15.02.16 Технология машиностроения"
    form = "correspondence"
    course = 3
    year = 2026


class StudentFactory(RecordFactory):
    class Meta:
        model = "correspondence.Student"

    institution = factory.LazyFunction(college)
    code = factory.Sequence(lambda n: f"З-{n:03d}")
    name = factory.Sequence(lambda n: f"Иванов Алексей {n}")
    group = factory.SubFactory(GroupFactory, institution=factory.SelfAttribute("..institution"))


class DisciplineFactory(RecordFactory):
    class Meta:
        model = "correspondence.Discipline"

    institution = factory.LazyFunction(college)
    code = factory.Sequence(lambda n: f"ОП.{n:02d}")
    name = factory.Sequence(lambda n: f"Техническая механика {n}")
    cycle = "professional"
    full_time_hours = 120


class TeacherFactory(RecordFactory):
    class Meta:
        model = "correspondence.Teacher"

    institution = factory.LazyFunction(college)
    name = factory.Sequence(lambda n: f"Алексеева Наталья {n}")


class SickLeaveFactory(RecordFactory):
    class Meta:
        model = "correspondence.SickLeave"

    institution = factory.LazyFunction(college)
    teacher = factory.SubFactory(TeacherFactory, institution=factory.SelfAttribute("..institution"))
    starts_on = date(2026, 11, 5)
    ends_on = date(2026, 11, 9)


class CurriculumLineFactory(RecordFactory):
    class Meta:
        model = "correspondence.CurriculumLine"

    institution = factory.LazyFunction(college)
    group = factory.SubFactory(GroupFactory, institution=factory.SelfAttribute("..institution"))
    discipline = factory.SubFactory(DisciplineFactory, institution=factory.SelfAttribute("..institution"))
    course = 3
    classroom_hours = 24
    practical_hours = 10
    self_study_hours = 86
    attestation = "exam"
    home_control_works = 1
    teacher = factory.SubFactory(TeacherFactory, institution=factory.SelfAttribute("..institution"))


class SessionFactory(RecordFactory):
    class Meta:
        model = "correspondence.ExaminationSession"

    institution = factory.LazyFunction(college)
    group = factory.SubFactory(GroupFactory, institution=factory.SelfAttribute("..institution"))
    starts_on = date(2027, 1, 11)
    ends_on = date(2027, 1, 30)
    timetable_approved_on = date(2026, 12, 25)


class WorkFactory(RecordFactory):
    class Meta:
        model = "correspondence.HomeControlWork"

    institution = factory.LazyFunction(college)
    student = factory.SubFactory(StudentFactory, institution=factory.SelfAttribute("..institution"))
    group = factory.SelfAttribute("student.group")
    discipline = factory.SubFactory(DisciplineFactory, institution=factory.SelfAttribute("..institution"))
    variant = "3"
    received_on = date(2026, 11, 2)


class CertificateFactory(RecordFactory):
    class Meta:
        model = "correspondence.SummonsCertificate"

    institution = factory.LazyFunction(college)
    student = factory.SubFactory(StudentFactory, institution=factory.SelfAttribute("..institution"))
    session = factory.SubFactory(
        SessionFactory,
        institution=factory.SelfAttribute("..institution"),
        group=factory.SelfAttribute("..student.group"),
    )
    requested_on = date(2026, 12, 1)


class ResultFactory(RecordFactory):
    class Meta:
        model = "correspondence.AttestationResult"

    institution = factory.LazyFunction(college)
    student = factory.SubFactory(StudentFactory, institution=factory.SelfAttribute("..institution"))
    discipline = factory.SubFactory(DisciplineFactory, institution=factory.SelfAttribute("..institution"))
    kind = "exam"
    held_on = date(2027, 1, 20)
    grade = "4"


class IndividualScheduleFactory(RecordFactory):
    class Meta:
        model = "correspondence.IndividualSchedule"

    institution = factory.LazyFunction(college)
    student = factory.SubFactory(StudentFactory, institution=factory.SelfAttribute("..institution"))
    reason = "medical"
    document = "Справка № 412"
    starts_on = date(2027, 2, 1)
    ends_on = date(2027, 2, 20)
