"""Demo recognition records of the Technical University "Metinvest Polytechnic" (make run): a
bachelor's programme with a few disciplines and modules, its students, the default ECTS scale
(RC-R7), and an application in each state of the workflow, each moved there by its steps."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from core.demo import demo_reason
from core.models import Institution
from recognition.models import (
    CommissionMember,
    Decision,
    Discipline,
    DisciplineModule,
    GradeScale,
    Inquiry,
    PriorLearning,
    Programme,
    RecognisedModule,
    RecognitionApplication,
    Student,
    SupportingDocument,
    Validation,
)
from recognition.rules import DEFAULT_SCALE

INSTITUTION = "metinvest-polytechnic"
DEPARTMENT = "Кафедра комп'ютерних наук та інформаційних технологій"
# code, name, credits, semester, kind, component, English
DISCIPLINES = [
    ("ok-01", "Іноземна мова (англійська)", "3", 1, "compulsory", "discipline", True),
    ("ok-02", "Іноземна мова (англійська)", "3", 2, "compulsory", "discipline", True),
    ("ok-05", "Основи програмування", "6", 1, "compulsory", "discipline", False),
    ("ok-07", "Бази даних", "5", 3, "compulsory", "discipline", False),
    ("ok-09", "Хмарні технології", "4", 4, "compulsory", "discipline", False),
    ("vk-03", "Аналіз даних на Python", "4", 4, "elective", "discipline", False),
    ("kr-01", "Курсова робота з баз даних", "1", 3, "compulsory", "course_work", False),
]
# discipline, code, name, points, credits
MODULES = [
    ("ok-07", "zm-1", "Реляційна модель даних і SQL", 40, "2"),
    ("ok-07", "zm-2", "Проєктування баз даних", 30, "1.5"),
    ("ok-09", "zm-1", "Основи хмарних обчислень", 30, "1.5"),
    ("ok-09", "zm-2", "Контейнери та оркестрація", 30, "1.5"),
]
STUDENTS = [
    ("kn-2301", "Бондаренко Ірина Олегівна", "i.bondarenko@example.org", 3, "КН-23"),
    ("kn-2302", "Мельник Андрій Сергійович", "a.melnyk@example.org", 3, "КН-23"),
    ("kn-2405", "Ткаченко Софія Василівна", "s.tkachenko@example.org", 2, "КН-24"),
    ("kn-2411", "Савченко Максим Ігорович", "m.savchenko@example.org", 2, "КН-24"),
]
HEAD, GUARANTOR, TEACHER = "Кравець Олег Петрович", "Литвиненко Наталія Іванівна", "Гончаренко Віктор Андрійович"


class Demo:
    """Saves each record with the demo's history reason, through the models' rules."""

    def __init__(self, institution):
        self.institution = institution
        self.reason = demo_reason(institution)
        self.today = institution.today()

    def save(self, record):
        record.institution = self.institution
        record._change_reason = self.reason
        record.full_clean()
        record.save()
        return record

    def step(self, record, *steps):
        for step in steps:
            record._change_reason = self.reason
            if step == "register":  # the day after it came in, so the demo has due dates to show
                record.register(on=record.applied_on + timedelta(days=1))
            else:
                getattr(record, step)()
        return record

    def application(self, student, discipline, days_ago, module=None, **fields):
        application = self.save(
            RecognitionApplication(
                student=student,
                discipline=discipline,
                module=module,
                variant="module" if module else "discipline",
                learning_kind="non_formal",
                applied_on=self.today - timedelta(days=days_ago),
                acknowledged=True,
                **fields,
            )
        )
        self.save(
            PriorLearning(
                application=application,
                outcomes="Проєктування реляційних баз даних, запити SQL, нормалізація, індекси.",
                provider="Онлайн-курс «Бази даних» на платформі Prometheus",
                period_from=self.today - timedelta(days=days_ago + 200),
                period_until=self.today - timedelta(days=days_ago + 60),
            )
        )
        self.save(
            SupportingDocument(
                application=application,
                title="Сертифікат про успішне завершення курсу",
                issued_on=self.today - timedelta(days=days_ago + 60),
                issuer="Prometheus",
                issuer_website="https://prometheus.org.ua",
                course_name=discipline.name,
                volume="90 годин (3 кредити ЄКТС)",
                issued_in="ukraine",
            )
        )
        return application

    def proceed(self, application, number):
        application.department_protocol_number = number
        application.department_protocol_date = self.today - timedelta(days=2)
        application.commission_order_number = f"{number}-р"
        application.commission_order_date = self.today - timedelta(days=2)
        self.save(application)
        return self.step(application, "register", "mark_sufficient", "proceed")

    def commission(self, application, teacher_only=False):
        members = [(TEACHER, "teacher", teacher_only)]
        if not teacher_only:
            members = [(HEAD, "head", True), (GUARANTOR, "guarantor", False), *members]
        for name, role, chairs in members:
            member = self.save(CommissionMember(application=application, full_name=name, role=role, chairs=chairs))
            self.step(member, "sign")

    def decision(self, application, number, outcome, **fields):
        return self.save(
            Decision(application=application, protocol_number=number, decided_on=self.today, outcome=outcome, **fields)
        )


@transaction.atomic
def load_demo_records():
    """Create the demo records once; a second run changes nothing. Returns whether it created them."""
    university = Institution.objects.get(code=INSTITUTION)
    if Programme.objects.filter(institution=university).exists():
        return False
    demo = Demo(university)
    for letter, low, high in DEFAULT_SCALE:
        demo.save(
            GradeScale(letter=letter, min_points=low, max_points=high, valid_from=demo.today.replace(month=9, day=1))
        )
    programme = demo.save(
        Programme(
            code="122-kn-bak",
            name="Комп'ютерні науки",
            level="bachelor",
            credits=Decimal("240"),
            field_of_knowledge="12",
            department=DEPARTMENT,
        )
    )
    disciplines = {
        code: demo.save(
            Discipline(
                programme=programme,
                code=code,
                name=name,
                credits=Decimal(credits),
                semester=semester,
                kind=kind,
                component=component,
                english=english,
            )
        )
        for code, name, credits, semester, kind, component, english in DISCIPLINES
    }
    modules = {
        (discipline, code): demo.save(
            DisciplineModule(
                discipline=disciplines[discipline], code=code, name=name, points=points, credits=Decimal(credits)
            )
        )
        for discipline, code, name, points, credits in MODULES
    }
    students = [
        demo.save(
            Student(
                code=code,
                full_name=name,
                email=email,
                programme=programme,
                course=course,
                group=group,
                faculty="Факультет інформаційних технологій",
            )
        )
        for code, name, email, course, group in STUDENTS
    ]
    _applications_in_each_state(demo, students, disciplines, modules)
    return True


def _applications_in_each_state(demo, students, disciplines, modules):
    iryna, andrii, sofia, maksym = students
    databases, cloud = disciplines["ok-07"], disciplines["ok-09"]
    programming = disciplines["ok-05"]
    demo.application(sofia, disciplines["vk-03"], 0)  # submitted
    demo.step(demo.application(maksym, databases, 10), "register")  # registered, due soon
    demo.step(demo.application(iryna, cloud, 21, module=modules[("ok-09", "zm-2")]), "register")  # overdue
    waiting = demo.step(demo.application(andrii, programming, 8), "register")
    demo.save(Inquiry(application=waiting, addressee="Prometheus", question="Чи проходив здобувач підсумковий тест?"))
    asked = demo.step(demo.application(sofia, cloud, 6, module=modules[("ok-09", "zm-2")]), "register", "ask_for_more")
    demo.save(  # RC-R3: kept out of the decision, with the reason
        SupportingDocument(
            application=asked,
            title="Довідка про стажування",
            issuer="ТОВ «Схід-Софт»",
            issued_in="occupied",
        )
    )
    demo.step(demo.application(iryna, programming, 5), "register", "mark_sufficient")
    declined = demo.application(maksym, programming, 25)
    declined.department_protocol_number, declined.department_protocol_date = "6", demo.today - timedelta(days=12)
    demo.step(demo.save(declined), "register", "mark_sufficient", "decline")
    demo.proceed(demo.application(sofia, databases, 10, module=modules[("ok-07", "zm-1")]), "10")  # commission
    refused = demo.proceed(demo.application(sofia, cloud, 28), "5")
    demo.commission(refused)
    demo.decision(
        refused,
        "4",
        "not_recognised",
        reasons="Задекларовані результати не охоплюють змістовий модуль «Контейнери та оркестрація».",
    )
    demo.step(refused, "decide")
    # Decided: the whole discipline recognised, then credited.
    credited = demo.proceed(demo.application(iryna, databases, 30), "7")
    demo.commission(credited)
    demo.decision(credited, "1", "semester_control", points=93)
    demo.step(credited, "decide", "credit")
    # Partial: a cloud module handed to the teacher, recognised as current control.
    partial = demo.proceed(
        demo.application(andrii, cloud, 20, module=modules[("ok-09", "zm-1")], handed_to_teacher=True), "8"
    )
    demo.commission(partial, teacher_only=True)
    decision = demo.decision(partial, "2", "current_control")
    demo.save(RecognisedModule(decision=decision, module=modules[("ok-09", "zm-1")], points=27))
    demo.step(partial, "decide")
    # Validation ordered: the commission could not tell, an interview is set.
    assessed = demo.proceed(demo.application(maksym, cloud, 15), "9")
    demo.commission(assessed)
    demo.decision(assessed, "3", "validation", assessment_form="співбесіда та практичне завдання")
    demo.step(assessed, "order_validation")
    demo.save(
        Validation(
            application=assessed,
            syllabus_given_on=demo.today - timedelta(days=1),
            assessment_on=demo.today + timedelta(days=7),
            assessment_form="співбесіда та практичне завдання",
        )
    )
