from datetime import date

import factory
from django.core.files.base import ContentFile

from core.models import Institution
from portfolio.models import PointsRow
from portfolio.points_table import load_default_table
from tests.factories import RecordFactory

PDF = b"%PDF-1.4\n% diploma\n%%EOF\n"


def emishevo():
    return Institution.objects.get(code="emishevo-school")


def default_table(institution=None):
    """The Regulation's points table (Appendix 2), loaded as the demo and the migration load it."""
    load_default_table(PointsRow, institution or emishevo())


class SchoolClassFactory(RecordFactory):
    class Meta:
        model = "portfolio.SchoolClass"

    institution = factory.LazyFunction(emishevo)
    school_year = 2026
    grade = 5
    letter = factory.Sequence(lambda n: "АБВГДЕЖИКЛМН"[n % 12])
    code = factory.LazyAttribute(
        lambda school_class: f"{school_class.school_year}-{school_class.grade}{school_class.letter}"
    )


class PupilFactory(RecordFactory):
    class Meta:
        model = "portfolio.Pupil"

    institution = factory.LazyFunction(emishevo)
    code = factory.Sequence(lambda n: f"E-{n:04d}")
    last_name = factory.Sequence(lambda n: f"Иванов{n}")
    first_name = "Пётр"
    patronymic = "Сергеевич"
    school_class = factory.SubFactory(SchoolClassFactory, institution=factory.SelfAttribute("..institution"))


class AchievementFactory(RecordFactory):
    class Meta:
        model = "portfolio.Achievement"

    institution = factory.LazyFunction(emishevo)
    pupil = factory.SubFactory(PupilFactory, institution=factory.SelfAttribute("..institution"))
    indicator = "intellectual_contest"
    level = "city"
    result = "winner"
    title = "Олимпиада по математике"
    achieved_on = date(2026, 10, 15)
    submitted_on = date(2026, 10, 16)
    document = factory.LazyFunction(lambda: ContentFile(PDF, name="diploma.pdf"))


class WorkFactory(RecordFactory):
    class Meta:
        model = "portfolio.Work"

    institution = factory.LazyFunction(emishevo)
    pupil = factory.SubFactory(PupilFactory, institution=factory.SelfAttribute("..institution"))
    kind = "intermediate"
    subject = "Математика"
    title = "Контрольная работа"
    done_on = date(2026, 10, 20)
    scale = "mark"
    mark = "4"


class HalfYearScoreFactory(RecordFactory):
    class Meta:
        model = "portfolio.HalfYearScore"

    institution = factory.LazyFunction(emishevo)
    pupil = factory.SubFactory(PupilFactory, institution=factory.SelfAttribute("..institution"))
    school_class = factory.SelfAttribute("pupil.school_class")
    half = 1


class PointsRowFactory(RecordFactory):
    class Meta:
        model = "portfolio.PointsRow"

    institution = factory.LazyFunction(emishevo)
    indicator = "intellectual_contest"
    level = "school"
    result = "winner"
    category = "olympiads"
    points = 15
    valid_from = date(2019, 8, 30)
