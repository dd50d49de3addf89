import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.models import Institution, Membership

PASSWORD = "correct-horse-battery-staple"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"institution-{n}")
    name = factory.Sequence(lambda n: f"Institution {n}")
    country = "BE"
    language = "nl"


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
    def institution(self, create, extracted, **kwargs):
        if extracted:
            Membership.objects.create(user=self, institution=extracted)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "studysupport.Initiative"

    institution = factory.SubFactory(InstitutionFactory)
    code = factory.Sequence(lambda n: f"initiative-{n}")
    name = factory.Sequence(lambda n: f"Huiswerkbegeleiding {n}")
    kind = "non_profit"
    coordinator_name = "An Coördinator"
    coordinator_email = factory.LazyAttribute(lambda initiative: f"{initiative.code}@example.org")


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "studysupport.Pupil"

    institution = factory.SubFactory(InstitutionFactory)
    external_code = factory.Sequence(lambda n: f"P{n:05d}")
    first_name = "Lina"
    last_name = factory.Sequence(lambda n: f"Peeters{n}")
    school_level = "BaO"
    grade = 4


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "studysupport.Volunteer"

    institution = factory.SubFactory(InstitutionFactory)
    first_name = "Jonas"
    last_name = factory.Sequence(lambda n: f"Vrijwilliger{n}")
    email = factory.Sequence(lambda n: f"vrijwilliger{n}@example.org")
    screening_status = "approved"
