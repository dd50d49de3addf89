from datetime import date
from decimal import Decimal

import factory

from core.models import Institution
from tests.factories import RecordFactory


def university():
    return Institution.objects.get(code="metinvest-polytechnic")


class ProgrammeFactory(RecordFactory):
    class Meta:
        model = "recognition.Programme"

    institution = factory.LazyFunction(university)
    code = factory.Sequence(lambda n: f"ep-{n}")
    name = "Автоматизація та комп'ютерно-інтегровані технології"
    level = "bachelor"
    credits = Decimal("240")
    field_of_knowledge = "15"
    department = "Кафедра автоматизації та інформаційних технологій"


class DisciplineFactory(RecordFactory):
    class Meta:
        model = "recognition.Discipline"

    institution = factory.LazyFunction(university)
    programme = factory.SubFactory(ProgrammeFactory, institution=factory.SelfAttribute("..institution"))
    code = factory.Sequence(lambda n: f"ok-{n}")
    name = factory.Sequence(lambda n: f"Дисципліна {n}")
    credits = Decimal("5")
    semester = 3
    kind = "compulsory"


class ModuleFactory(RecordFactory):
    class Meta:
        model = "recognition.DisciplineModule"

    institution = factory.LazyFunction(university)
    discipline = factory.SubFactory(DisciplineFactory, institution=factory.SelfAttribute("..institution"))
    code = factory.Sequence(lambda n: f"zm-{n}")
    name = factory.Sequence(lambda n: f"Змістовий модуль {n}")
    points = 30
    credits = Decimal("2")


class StudentFactory(RecordFactory):
    class Meta:
        model = "recognition.Student"

    institution = factory.LazyFunction(university)
    programme = factory.SubFactory(ProgrammeFactory, institution=factory.SelfAttribute("..institution"))
    code = factory.Sequence(lambda n: f"st-{n}")
    full_name = factory.Sequence(lambda n: f"Коваленко Олена {n}")
    email = "student@example.org"
    course = 2
    group = "АКІТ-24"
    faculty = "Факультет інженерії"


class ApplicationFactory(RecordFactory):
    class Meta:
        model = "recognition.RecognitionApplication"

    institution = factory.LazyFunction(university)
    student = factory.SubFactory(StudentFactory, institution=factory.SelfAttribute("..institution"))
    discipline = factory.SubFactory(
        DisciplineFactory,
        institution=factory.SelfAttribute("..institution"),
        programme=factory.SelfAttribute("..student.programme"),
    )
    variant = "discipline"
    learning_kind = "non_formal"
    applied_on = date(2026, 10, 5)
    acknowledged = True


class DocumentFactory(RecordFactory):
    class Meta:
        model = "recognition.SupportingDocument"

    institution = factory.LazyFunction(university)
    application = factory.SubFactory(ApplicationFactory, institution=factory.SelfAttribute("..institution"))
    title = "Сертифікат про проходження курсу"
    issued_on = date(2026, 6, 1)
    issuer = "Prometheus"
    issuer_website = "https://prometheus.org.ua"
    course_name = "Основи програмування"
    volume = "60 годин"
    issued_in = "ukraine"


class MemberFactory(RecordFactory):
    class Meta:
        model = "recognition.CommissionMember"

    institution = factory.LazyFunction(university)
    application = factory.SubFactory(ApplicationFactory, institution=factory.SelfAttribute("..institution"))
    full_name = factory.Sequence(lambda n: f"Шевченко Петро {n}")
    role = "teacher"


class DecisionFactory(RecordFactory):
    class Meta:
        model = "recognition.Decision"

    institution = factory.LazyFunction(university)
    application = factory.SubFactory(ApplicationFactory, institution=factory.SelfAttribute("..institution"))
    protocol_number = factory.Sequence(lambda n: f"{n + 1}")
    decided_on = date(2026, 10, 20)
    outcome = "semester_control"
    points = 92
