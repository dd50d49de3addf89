"""Demo portfolios of МОУ Емишевская ОШ (make run): the default points table, last year's class
scored in both half-years with its sheet approved and its rating, and this year's two classes
with achievements in each state (one waiting for the class teacher, in the dashboard's inbox)."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from core.demo import demo_reason
from core.models import Institution
from core.school_year import school_year_of
from portfolio.models import (
    Achievement,
    AnnualRating,
    ClassSummarySheet,
    HalfYearScore,
    PointsRow,
    PortfolioEntry,
    Pupil,
    SchoolClass,
    Work,
)
from portfolio.points_table import load_default_table

INSTITUTION = "emishevo-school"
# code, last name, first name, patronymic, class (this year's), parent
PUPILS = [
    ("E-0101", "Смирнова", "Анна", "Сергеевна", "5А", "Смирнова Ольга Петровна"),
    ("E-0102", "Кузнецов", "Иван", "Андреевич", "5А", "Кузнецова Елена Викторовна"),
    ("E-0103", "Попова", "Мария", "Игоревна", "5А", "Попов Игорь Николаевич"),
    ("E-0201", "Васильев", "Дмитрий", "Олегович", "7Б", "Васильева Наталья Юрьевна"),
    ("E-0202", "Соколова", "Екатерина", "Павловна", "7Б", "Соколов Павел Аркадьевич"),
]
# Last year's assessments of the 4 А pupils, both half-years alike: final marks, self-government,
# class affairs, activity review, works review, workshop works, variety, photos.
ASSESSED = {
    "E-0101": ("4.80", "high", "high", "high", "good", "8", "7", "5"),
    "E-0102": ("4.10", "medium", "high", "good", "medium", "5", "5", "3"),
    "E-0103": ("4.50", "high", "medium", "good", "good", "8", "7", "5"),
}
PDF = b"%PDF-1.4\n% demo diploma\n%%EOF\n"


def _save(record):
    record._change_reason = demo_reason(record.institution)
    record.full_clean()
    record.save()
    return record


def _step(record, method):
    record._change_reason = demo_reason(record.institution)
    getattr(record, method)()
    return record


def _document(name):
    return ContentFile(PDF, name=f"{name}.pdf")


@transaction.atomic
def load_demo_records(teacher_username="emishevo-teacher"):
    """Create the demo records once; a second run changes nothing. Returns whether it created them."""
    school = Institution.objects.get(code=INSTITUTION)
    if SchoolClass.objects.filter(institution=school).exists():
        return False
    load_default_table(PointsRow, school)
    teacher = get_user_model().objects.filter(username=teacher_username).first()
    year = school_year_of(school.today())
    classes = {
        "4А": _save(SchoolClass(institution=school, school_year=year - 1, grade=4, letter="А", class_teacher=teacher)),
        "5А": _save(SchoolClass(institution=school, school_year=year, grade=5, letter="А", class_teacher=teacher)),
        "7Б": _save(SchoolClass(institution=school, school_year=year, grade=7, letter="Б")),
    }
    pupils = {
        code: _save(
            Pupil(
                institution=school,
                code=code,
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                school_class=classes[school_class],
                parent_name=parent,
                family_email=f"{code.lower()}@example.org",
            )
        )
        for code, last, first, patronymic, school_class, parent in PUPILS
    }
    _last_year(school, year - 1, classes["4А"], pupils)
    _this_year(school, year, classes["5А"], pupils)
    return True


def _last_year(school, year, school_class, pupils):
    """4 А of last year: works, confirmed achievements, both half-years scored, the sheet approved."""
    for code in ASSESSED:
        pupil = pupils[code]
        for done_on, kind, mark in (
            (date(year, 9, 15), "start_diagnostics", "4"),
            (date(year + 1, 5, 15), "final", "5"),
        ):
            _save(
                Work(
                    institution=school,
                    pupil=pupil,
                    kind=kind,
                    subject="Математика",
                    title="Стандартизированная работа по математике",
                    done_on=done_on,
                    scale="mark",
                    mark=mark,
                )
            )
    contests = [
        ("E-0101", "intellectual_contest", "city", "winner", "Олимпиада по математике", date(year, 11, 20)),
        ("E-0102", "sports_competition", "school", "prize_winner", "Осенний кросс", date(year, 10, 2)),
        ("E-0103", "distance_contest", "region", "second_place", "«Русский медвежонок»", date(year + 1, 2, 12)),
        ("E-0101", "studio", "", "", "Студия «Юный художник»", date(year + 1, 3, 1)),
    ]
    for code, indicator, level, result, title, on in contests:
        achievement = _save(
            Achievement(
                institution=school,
                pupil=pupils[code],
                indicator=indicator,
                level=level,
                result=result,
                title=title,
                achieved_on=on,
                submitted_on=on + timedelta(days=3),
                document=_document(f"diploma-{code}"),
            )
        )
        _step(achievement, "confirm")
    for code, values in ASSESSED.items():
        marks, government, affairs, activity, works, workshop, variety, photos = values
        for half in (1, 2):
            score = _save(
                HalfYearScore(
                    institution=school,
                    pupil=pupils[code],
                    school_class=school_class,
                    half=half,
                    final_marks_average=Decimal(marks),
                    class_self_government=government,
                    class_affairs=affairs,
                    activity_review=activity,
                    works_review=works,
                    workshop_works=Decimal(workshop),
                    workshop_variety=Decimal(variety),
                    workshop_photos=Decimal(photos),
                )
            )
            _step(score, "score")
    _step(_save(ClassSummarySheet(institution=school, school_class=school_class)), "approve")
    _save(AnnualRating(institution=school, school_year=year))


def _this_year(school, year, school_class, pupils):
    """5 А this year: an achievement confirmed, one waiting for the class teacher, one returned."""
    today = school.today()
    anna, ivan, maria = pupils["E-0101"], pupils["E-0102"], pupils["E-0103"]
    _save(
        PortfolioEntry(
            institution=school,
            pupil=anna,
            section="portrait",
            kind="goals",
            title="Мои цели на год",
            text="Прочитать 20 книг, выступить на школьной конференции.",
            added_on=date(year, 9, 10),
        )
    )
    _save(
        PortfolioEntry(
            institution=school,
            pupil=anna,
            section="reviews",
            kind="observation",
            title="Лист наблюдений",
            author="Классный руководитель",
            added_on=date(year, 10, 20),
            scale="level",
            mark="high",
        )
    )
    _save(
        Work(
            institution=school,
            pupil=ivan,
            kind="start_diagnostics",
            subject="Русский язык",
            title="Стартовая диагностика",
            done_on=date(year, 9, 12),
            scale="mark",
            mark="4",
        )
    )
    early = min(date(year, 10, 5), today)
    confirmed = _save(
        Achievement(
            institution=school,
            pupil=anna,
            indicator="creative_contest",
            level="city",
            result="participant",
            title="Конкурс рисунков «Родной край»",
            achieved_on=early,
            submitted_on=early,
            document=_document("diploma-anna"),
        )
    )
    _step(confirmed, "confirm")
    returned = _save(
        Achievement(
            institution=school,
            pupil=ivan,
            indicator="sports_competition",
            level="city",
            result="winner",
            title="Первенство района по шахматам",
            achieved_on=early,
            submitted_on=early,
            document=_document("diploma-ivan"),
            return_reason="В грамоте указано 2 место: укажите «призёр» и отправьте снова.",
        )
    )
    _step(returned, "send_back")
    _save(
        Achievement(
            institution=school,
            pupil=maria,
            indicator="intellectual_contest",
            level="school",
            result="winner",
            title="Школьный этап олимпиады по русскому языку",
            achieved_on=today - timedelta(days=2),
            submitted_on=today,
            applicant_email="e-0103@example.org",
            document=_document("diploma-maria"),
        )
    )
    _save(HalfYearScore(institution=school, pupil=anna, school_class=school_class, half=1))
