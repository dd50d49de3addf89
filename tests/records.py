"""One record of every registered record model, in one institution, with every link filled.

The checks that walk the registry (tests/core/test_registry_security.py) need a record of each
list; a test there fails when a model is registered without one here, so a new domain cannot
slip past them.
"""

from datetime import date, time
from decimal import Decimal

from correspondence.models import HomeControlWork, SickLeave
from homeschool.models import ScheduleEntry
from portfolio.models import AnnualRating, ClassSummarySheet, PortfolioEntry
from recognition.models import (
    CreditedResult,
    GradeScale,
    Inquiry,
    PriorLearning,
    RecognisedModule,
    Validation,
)
from studysupport.models import District, Signal, SubsidyApplication, Support, TrainingSession, WaitingListEntry
from tests.correspondence import factories as college
from tests.factories import InitiativeFactory, IntakeFactory, PupilFactory, VolunteerFactory, put_in_state
from tests.homeschool.factories import (
    AssignmentFactory,
    CalendarPeriodFactory,
    ContractFactory,
    CurriculumLineFactory,
    LessonFactory,
    MarkFactory,
    PromotionFactory,
    ScheduleFactory,
)
from tests.portfolio import factories as portfolio
from tests.recognition.factories import DecisionFactory, DocumentFactory, MemberFactory, ModuleFactory
from tests.testdomain.models import Book, Loan, ReadingList


def ghent_records(institution, coordinator=None):
    """One record of each study-support model, all of one initiative that ``coordinator`` coordinates."""
    initiative = InitiativeFactory(institution=institution, coordinator_user=coordinator)
    district = District.objects.create(institution=institution, name=f"Wijk {District.objects.count() + 1}")
    initiative.districts.add(district)
    pupil = PupilFactory(institution=institution, initiative=initiative, district=district)
    intake = IntakeFactory(institution=institution, pupil=pupil)
    volunteer = VolunteerFactory(institution=institution, initiative=initiative)
    support = Support.objects.create(
        institution=institution,
        initiative=initiative,
        volunteer=volunteer,
        setting="home",
        format="one_to_one",
        focus="language",
    )
    support.pupils.add(pupil)
    training = TrainingSession.objects.create(
        institution=institution, initiative=initiative, date=date(2026, 10, 1), topic="Screening"
    )
    training.attendees.add(volunteer)
    return [
        district,
        initiative,
        pupil,
        intake,
        WaitingListEntry.objects.create(institution=institution, pupil=pupil, initiative=initiative),
        volunteer,
        support,
        Signal.objects.create(
            institution=institution,
            initiative=initiative,
            pupil=pupil,
            reported_by=volunteer,
            kind="Armoede",
            description="Geen verwarming thuis.",
        ),
        training,
        SubsidyApplication.objects.create(
            institution=institution,
            initiative=initiative,
            school_year="2026-2027",
            requested_amount=Decimal("1500.00"),
            declares_support_free=True,
            declares_ghent_pupils=True,
        ),
    ]


def one_record_of_each(institution, coordinator=None):
    """{model: record} for every record model, all of ``institution``."""
    assignment = AssignmentFactory(
        institution=institution, order__institution=institution, case__institution=institution
    )
    case = assignment.case
    line = CurriculumLineFactory(institution=institution, curriculum__institution=institution, curriculum__case=case)
    schedule = ScheduleFactory(institution=institution, case=case)
    contract = ContractFactory(institution=institution, case=case)
    book = Book.objects.create(institution=institution, code="b1", title="Het Achterhuis")
    reading_list = ReadingList.objects.create(institution=institution, name="Zomer")
    reading_list.books.add(book)
    portfolio_pupil = portfolio.PupilFactory(institution=institution)
    of_pupil = {"institution": institution, "pupil": portfolio_pupil}
    records = [*recognition_records(institution), *ghent_records(institution, coordinator)]
    records += [
        case,
        assignment.order,
        assignment,
        contract,
        line.curriculum,
        line,
        schedule,
        ScheduleEntry.objects.create(
            institution=institution,
            schedule=schedule,
            weekday=1,
            subject="Математика",
            starts_at=time(9),
            ends_at=time(9, 40),
            teacher_name="Орлова Татьяна Викторовна",
        ),
        LessonFactory(institution=institution, case=case),
        MarkFactory(institution=institution, case=case),
        PromotionFactory(institution=institution, case=case),
        (calendar_period := CalendarPeriodFactory(institution=institution)).calendar,
        calendar_period,
        book,
        Loan.objects.create(institution=institution, book=book, borrower="Lotte", lent_on=date(2026, 10, 1)),
        reading_list,
        portfolio_pupil.school_class,
        portfolio_pupil,
        PortfolioEntry.objects.create(**of_pupil, section="portrait", kind="goals", title="Мои цели"),
        portfolio.WorkFactory(**of_pupil),
        portfolio.AchievementFactory(**of_pupil),
        portfolio.HalfYearScoreFactory(**of_pupil),
        ClassSummarySheet.objects.create(institution=institution, school_class=portfolio_pupil.school_class),
        portfolio.PointsRowFactory(institution=institution),
        AnnualRating.objects.create(institution=institution, school_year=2026),
    ]
    records += correspondence_records(institution, coordinator)
    return {type(record): record for record in records}


def recognition_records(institution):
    """One application with its declaration, a document, an inquiry, a member, a decision, a
    validation and a credited result, and the curriculum and scale beside it (linked, not valid
    by the regulation's rules: one record of each model)."""
    module = ModuleFactory(institution=institution)
    discipline = module.discipline
    decision = DecisionFactory(
        institution=institution,
        application__student__programme=discipline.programme,
        application__discipline=discipline,
        application__variant="module",
        application__module=module,
        outcome="validation",
        points=None,
        assessment_form="співбесіда",
    )
    application = decision.application
    member = MemberFactory(institution=institution, application=application)
    validation = Validation.objects.create(
        institution=institution, application=application, assessment_form="співбесіда", assessment_on=date(2026, 11, 2)
    )
    validation.assessors.add(member)
    return [
        discipline.programme,
        discipline,
        module,
        application.student,
        application,
        PriorLearning.objects.create(
            institution=institution, application=application, outcomes="Python, SQL", provider="Prometheus"
        ),
        DocumentFactory(institution=institution, application=application),
        Inquiry.objects.create(institution=institution, application=application, addressee="Prometheus"),
        member,
        decision,
        RecognisedModule.objects.create(institution=institution, decision=decision, module=module, points=25),
        validation,
        GradeScale.objects.create(
            institution=institution, letter="A", min_points=90, max_points=100, valid_from=date(2026, 9, 1)
        ),
        CreditedResult.objects.create(
            institution=institution,
            application=application,
            student=application.student,
            discipline=discipline,
            credits=module.credits,
            credited_on=date(2026, 11, 20),
        ),
    ]


def correspondence_records(institution, teacher_account):
    """The college's records: a work registered, reviewed and assigned to ``teacher_account``."""
    line = college.CurriculumLineFactory(
        institution=institution,
        group__institution=institution,
        discipline__institution=institution,
        teacher__institution=institution,
        teacher__user=teacher_account,
    )
    certificate = college.CertificateFactory(institution=institution, student__group=line.group)
    student, session = certificate.student, certificate.session
    work = HomeControlWork.objects.create(
        institution=institution,
        student=student,
        group=line.group,
        discipline=line.discipline,
        variant="3",
        received_on=date(2026, 11, 2),
        teacher=line.teacher,
    )
    return [
        line.group,
        student,
        line.discipline,
        line,
        line.teacher,
        SickLeave.objects.create(
            institution=institution, teacher=line.teacher, starts_on=date(2026, 11, 5), ends_on=date(2026, 11, 9)
        ),
        session,
        put_in_state(work, registered_on=date(2026, 11, 3), reviewed_on=date(2026, 11, 12), result="passed"),
        certificate,
        college.ResultFactory(institution=institution, student=student, discipline=line.discipline, session=session),
        college.IndividualScheduleFactory(institution=institution, student=student, session=session),
    ]
