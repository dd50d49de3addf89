import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from core.domains import domains
from core.models import Institution, Membership, workflow_fields

PASSWORD = "correct-horse-battery-staple"


def put_in_state(record, **values):
    """Test set-up only: put ``record`` in a workflow state without taking its steps, as a
    ``QuerySet.update`` (beneath the model's rule, and without a history row)."""
    type(record).objects.filter(pk=record.pk).update(**values)
    record.refresh_from_db()
    return record


class RecordFactory(factory.django.DjangoModelFactory):
    """A record created as new, then put in the workflow state a test names (``put_in_state``):
    only a model's steps set its workflow fields, and set-up need not take them."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        state = {name: kwargs.pop(name) for name in workflow_fields(model_class) if name in kwargs}
        record = super()._create(model_class, *args, **kwargs)
        return put_in_state(record, **state) if state else record


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"institution-{n}")
    name = factory.Sequence(lambda n: f"Institution {n}")
    country = "BE"
    language = "nl"
    # Every registered domain unless a test says otherwise (``domains=[]``): most tests are about
    # something else than which domains an institution runs.
    domains = factory.LazyFunction(lambda: [domain.app_label for domain in domains()])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()

    @factory.post_generation
    def admin_language(self, create, extracted, **kwargs):
        """English unless a test says otherwise (the tests read the admin's English); ``""``
        leaves it to the institution, as for a new account."""
        if extracted != "":
            profile = UserProfile.get_for_user(self)
            profile.preferred_language = extracted or "en"
            profile.save()

    @factory.post_generation
    def institution(self, create, extracted, **kwargs):
        if extracted:
            Membership.objects.create(user=self, institution=extracted)


class InitiativeFactory(RecordFactory):
    class Meta:
        model = "studysupport.Initiative"

    institution = factory.SubFactory(InstitutionFactory)
    code = factory.Sequence(lambda n: f"initiative-{n}")
    name = factory.Sequence(lambda n: f"Huiswerkbegeleiding {n}")
    kind = "non_profit"
    coordinator_name = "An Coördinator"
    coordinator_email = factory.LazyAttribute(lambda initiative: f"{initiative.code}@example.org")


class PupilFactory(RecordFactory):
    class Meta:
        model = "studysupport.Pupil"

    institution = factory.SubFactory(InstitutionFactory)
    external_code = factory.Sequence(lambda n: f"P{n:05d}")
    first_name = "Lina"
    last_name = factory.Sequence(lambda n: f"Peeters{n}")
    school_level = "BaO"
    grade = 4


class VolunteerFactory(RecordFactory):
    class Meta:
        model = "studysupport.Volunteer"

    institution = factory.SubFactory(InstitutionFactory)
    first_name = "Jonas"
    last_name = factory.Sequence(lambda n: f"Vrijwilliger{n}")
    email = factory.Sequence(lambda n: f"vrijwilliger{n}@example.org")
    screening_status = "approved"


class IntakeFactory(RecordFactory):
    """A pupil's intake, done unless a test says otherwise (``done_on=None``): SS-R6 lets only a
    screened pupil into support."""

    class Meta:
        model = "studysupport.Intake"

    institution = factory.SelfAttribute("pupil.institution")
    pupil = factory.SubFactory(PupilFactory)
    date = datetime.date(2026, 9, 15)
    held_by = "An Coördinator"
    requested_focus = "language"
    setting = "home"
    format = "one_to_one"
    done_on = factory.SelfAttribute("date")


class SupportFactory(RecordFactory):
    """A volunteer's support of their initiative's pupils, at home, in language, from 1 October
    2026; the pupils are added by the test (``support.pupils.add``)."""

    class Meta:
        model = "studysupport.Support"

    volunteer = factory.SubFactory(VolunteerFactory)
    institution = factory.SelfAttribute("volunteer.institution")
    initiative = factory.SelfAttribute("volunteer.initiative")
    setting = "home"
    format = "one_to_one"
    focus = "language"
    start = datetime.date(2026, 10, 1)


def recognise(initiative):
    """SS-R4, test set-up: ``initiative`` recognised for its institution's current school year by an
    accepted decision (put in that state, as ``put_in_state`` does), so the public forms offer it."""
    from decimal import Decimal

    from core.school_year import school_year_label, school_year_of
    from studysupport.models import SubsidyApplication

    institution = initiative.institution
    application = SubsidyApplication.objects.create(
        institution=institution,
        initiative=initiative,
        school_year=school_year_label(school_year_of(institution.today())),
        requested_amount=Decimal("2500.00"),
        declares_support_free=True,
        declares_ghent_pupils=True,
        decided_on=institution.today(),
        awarded_amount=Decimal("2500.00"),
    )
    put_in_state(application, status="accepted")
    return initiative
