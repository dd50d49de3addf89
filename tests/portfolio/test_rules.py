"""The portfolio rules PF-R1..PF-R6 of spec ``portfolio.md`` (source ``seeds/001``), each refused
or computed in the model layer, so the admin, an import and the family's form obey them alike."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from portfolio.models import AnnualRating, ClassSummarySheet, HalfYearScore, PointsRow, PortfolioEntry
from tests.factories import put_in_state
from tests.portfolio.factories import (
    PDF,
    AchievementFactory,
    HalfYearScoreFactory,
    PointsRowFactory,
    PupilFactory,
    SchoolClassFactory,
    WorkFactory,
    default_table,
    emishevo,
)

pytestmark = pytest.mark.django_db


def messages(refused):
    return " ".join(refused.value.messages)


# Section 3 (title page), clause 4.2 ------------------------------------------------------------


def test_a_photo_needs_the_consent_of_both_the_parents_and_the_pupil():
    pupil = PupilFactory(photo=ContentFile(PDF, name="photo.jpg"))
    pupil.parents_consent_on = date(2026, 9, 1)
    with pytest.raises(ValidationError) as refused:
        pupil.full_clean()
    assert "photo" in refused.value.message_dict and "section 3" in messages(refused)
    pupil.pupil_consent_on = date(2026, 9, 2)
    pupil.full_clean()


def test_the_basic_school_has_grades_1_to_9():
    school_class = SchoolClassFactory.build(grade=10, code="")
    with pytest.raises(ValidationError) as refused:
        school_class.full_clean()
    assert "grade" in refused.value.message_dict
    school_class = SchoolClassFactory.build(grade=9, letter="Б", code="")
    school_class.full_clean()
    assert school_class.code == "2026-9Б", "the code is made of the year and the class"


# PF-R6 (7.5), Appendix 1, 3.2.1 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "mark", "valid"),
    [
        ("mark", "4", True),
        ("pass_fail", "pass", True),
        ("level", "medium", True),
        ("quality", "excellent", True),
        ("level", "excellent", False),
        ("quality", "4", False),
        ("pass_fail", "high", False),
        ("", "5", False),
    ],
)
def test_pf_r6_a_mark_belongs_to_its_scale(scale, mark, valid):
    work = WorkFactory.build(pupil=PupilFactory(), scale=scale, mark=mark)
    if valid:
        work.full_clean()
        return
    with pytest.raises(ValidationError) as refused:
        work.full_clean()
    assert "7.5" in messages(refused)


def test_a_standardised_work_names_its_subject():
    work = WorkFactory.build(pupil=PupilFactory(), kind="final", subject=" ")
    with pytest.raises(ValidationError) as refused:
        work.full_clean()
    assert "3.2.1" in refused.value.message_dict["subject"][0]
    work.kind = "project"
    work.full_clean()


def test_the_compulsory_standardised_works_missing_per_subject_are_named():
    """3.2.1: start diagnostics, intermediate and final works per subject are compulsory."""
    pupil = PupilFactory()
    for kind in ("start_diagnostics", "intermediate", "final"):
        WorkFactory(pupil=pupil, kind=kind, subject="Математика", done_on=date(2026, 10, 1))
    WorkFactory(pupil=pupil, kind="start_diagnostics", subject="Русский язык", done_on=date(2026, 9, 10))
    WorkFactory(pupil=pupil, kind="final", subject="История", done_on=date(2026, 5, 20))  # last school year
    assert pupil.missing_standardised_works(2026) == {"Русский язык": ["intermediate", "final"]}
    assert pupil.missing_standardised_works(2025) == {"История": ["start_diagnostics", "intermediate"]}


def test_an_entry_belongs_to_the_section_of_its_kind():
    entry = PortfolioEntry(
        institution=(pupil := PupilFactory()).institution,
        pupil=pupil,
        section="portrait",
        kind="observation",
        title="X",
    )
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert "kind" in refused.value.message_dict
    entry.section = "reviews"
    entry.full_clean()


# The points table (7.8, Appendix 2) ------------------------------------------------------------


def test_the_default_table_has_every_row_of_appendix_2_including_the_ambiguous_one():
    default_table()
    rows = PointsRow.objects.filter(institution__code="emishevo-school")
    project = rows.filter(indicator="project_activity").order_by("points")
    assert [(row.level, row.points) for row in project] == [
        ("school", 5),
        ("city", 6),
        ("region", 7),
        ("national", 8),
        ("international", 9),
    ]
    assert all(row.note for row in project), "the ambiguity is written on the rows"
    international = rows.filter(indicator="intellectual_contest", level="international")
    assert list(international.values_list("result", "points")) == [("winner", 40)], "— : no points there"
    assert rows.get(indicator="final_marks").per_mark == 10
    workshop = rows.get(indicator="workshop_variety")
    assert (workshop.points, workshop.max_points) == (5, 10)
    for row in rows:
        row.full_clean()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"points": None}, "__all__"),
        ({"per_mark": 10}, "__all__"),
        ({"max_points": 5, "points": 10}, "max_points"),
        ({"valid_to": date(2019, 1, 1)}, "valid_to"),
    ],
)
def test_a_points_row_gives_one_kind_of_points(values, field):
    row = PointsRowFactory.build(**values)
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert field in refused.value.message_dict


@pytest.fixture
def blank_table():
    """A school whose own table the test writes: the seed's default rows taken out."""
    PointsRow.objects.filter(institution=emishevo()).delete()


def test_pf_r5_one_row_of_a_kind_level_and_result_is_in_force_on_any_date(blank_table):
    PointsRowFactory(valid_from=date(2019, 8, 30), valid_to=None)
    overlapping = PointsRowFactory.build(valid_from=date(2026, 11, 1), points=20)
    with pytest.raises(ValidationError) as refused:
        overlapping.full_clean()
    assert "30.08.2019" in refused.value.message_dict["valid_from"][0]
    PointsRowFactory.build(valid_from=date(2026, 11, 1), result="participant").full_clean()


# PF-R5: confirmation and points by the table in force on the achievement's date ----------------


@pytest.fixture
def two_tables(blank_table):
    """The city winner's points: 20 until 31 October 2026, 30 from 1 November (an edit mid-year)."""
    PointsRowFactory(level="city", points=20, valid_from=date(2019, 8, 30), valid_to=date(2026, 10, 31))
    PointsRowFactory(level="city", points=30, valid_from=date(2026, 11, 1))


def confirmed(**values):
    achievement = AchievementFactory(**values)
    achievement.confirm()
    return achievement


def test_pf_r5_points_come_from_the_table_in_force_on_the_achievements_date(two_tables):
    assert confirmed(achieved_on=date(2026, 10, 31)).points() == 20
    assert confirmed(achieved_on=date(2026, 11, 1)).points() == 30


def test_pf_r5_an_achievement_counts_only_once_confirmed(two_tables):
    achievement = AchievementFactory(achieved_on=date(2026, 11, 2))
    assert achievement.points() == 0
    achievement.confirm()
    assert achievement.status == "confirmed" and achievement.decided_on
    assert achievement.points() == 30


def test_pf_r5_a_distance_contest_earns_participation_and_its_place():
    default_table()
    achievement = confirmed(indicator="distance_contest", level="region", result="second_place")
    assert achievement.points() == 5 + 7


def test_pf_r5_a_cell_the_table_leaves_empty_is_confirmed_with_no_points():
    """Appendix 2: an international participant ("—") is a documented achievement worth 0 points."""
    default_table()
    achievement = confirmed(level="international", result="participant")
    assert achievement.status == "confirmed" and achievement.points() == 0


@pytest.mark.parametrize(
    ("indicator", "level", "result", "field"),
    [
        ("distance_contest", "city", "first_place", "level"),  # distance contests: no city level
        ("intellectual_contest", "", "winner", "level"),
        ("sports_competition", "school", "high", "result"),
    ],
)
def test_pf_r5_an_achievement_gives_a_level_and_result_the_table_scores(indicator, level, result, field):
    default_table()
    achievement = AchievementFactory.build(pupil=PupilFactory(), indicator=indicator, level=level, result=result)
    with pytest.raises(ValidationError) as refused:
        achievement.full_clean()
    assert list(refused.value.message_dict) == [field]
    assert "Appendix 2" in messages(refused)


def test_pf_r5_an_achievement_returns_only_with_its_reason():
    achievement = AchievementFactory()
    assert achievement.return_needs()
    with pytest.raises(ValidationError):
        achievement.send_back()
    achievement.return_reason = "В грамоте другое имя."
    achievement.save()
    achievement.send_back()
    achievement.refresh_from_db()
    assert achievement.status == "returned" and achievement.points() == 0


def test_pf_r5_what_the_document_proves_no_longer_changes_once_confirmed(two_tables):
    achievement = confirmed(achieved_on=date(2026, 10, 20))
    achievement.achieved_on = date(2026, 11, 5)  # the later table's 30 points instead of 20
    with pytest.raises(ValidationError) as refused:
        achievement.full_clean()
    assert "3.3" in messages(refused)
    achievement.refresh_from_db()
    achievement.title = "Муниципальная олимпиада по математике"
    achievement.full_clean()


def test_an_achievement_cannot_lie_in_the_future():
    achievement = AchievementFactory.build(pupil=PupilFactory(), achieved_on=date(2099, 1, 1))
    with pytest.raises(ValidationError) as refused:
        achievement.full_clean()
    assert "achieved_on" in refused.value.message_dict


# PF-R1: half-year scoring ----------------------------------------------------------------------


@pytest.fixture
def scored_pupil():
    """A 5th-grader's first half-year of 2026 with the default table: assessments, works and achievements."""
    default_table()
    pupil = PupilFactory()
    WorkFactory(pupil=pupil, kind="intermediate", mark="4", done_on=date(2026, 10, 1))
    WorkFactory(pupil=pupil, kind="final", mark="5", done_on=date(2026, 12, 1))
    WorkFactory(pupil=pupil, kind="final", mark="2", done_on=date(2026, 5, 1))  # last school year: not in it
    confirmed(pupil=pupil, level="city", result="winner")  # 20, olympiads
    confirmed(pupil=pupil, indicator="distance_contest", level="region", result="second_place")  # 5 + 7
    returned = AchievementFactory(pupil=pupil, indicator="sports_competition", result="winner")
    put_in_state(returned, status="returned")  # PF-R5: never counted
    score = HalfYearScoreFactory(
        pupil=pupil,
        final_marks_average=Decimal("4.5"),
        class_self_government="high",
        class_affairs="medium",
        activity_review="good",
        works_review="high",
        workshop_works=Decimal("8"),
        workshop_variety=Decimal("6"),
        workshop_photos=Decimal("4"),
    )
    return score


def test_pf_r1_the_half_year_is_summed_per_category_by_the_table(scored_pupil):
    score = scored_pupil
    score.score()
    score.refresh_from_db()
    assert {name: getattr(score, name) for name in ("study", "olympiads", "sports", "creative")} == {
        "study": 45 + 45 + 5,  # final marks 4.5 × 10, works (4 + 5) / 2 × 10, works review high
        "olympiads": 20 + 5 + 7,
        "sports": 0,
        "creative": 8 + 6 + 4,
    }
    assert (score.additional, score.events, score.public_life) == (0, 3, 5 + 6)
    assert score.total == 95 + 32 + 18 + 3 + 11
    assert score.scored_on


def test_pf_r1_a_half_year_waits_for_its_achievements_to_be_decided(scored_pupil):
    waiting = AchievementFactory(pupil=scored_pupil.pupil, achieved_on=date(2026, 11, 20))
    AchievementFactory(pupil=scored_pupil.pupil, achieved_on=date(2026, 3, 1))  # another half-year: no matter
    with pytest.raises(ValidationError) as refused:
        scored_pupil.score()
    assert "1 achievement" in messages(refused)
    waiting.confirm()
    scored_pupil.score()


def test_pf_r1_the_pupil_is_scored_once_per_half_year(scored_pupil):
    again = HalfYearScore(
        institution=scored_pupil.institution, pupil=scored_pupil.pupil, school_class=scored_pupil.school_class, half=1
    )
    with pytest.raises(ValidationError) as refused:
        again.full_clean()
    assert "once per half-year" in messages(refused)
    scored_pupil.score()
    scored_pupil.refresh_from_db()
    scored_pupil.class_affairs = "high"
    with pytest.raises(ValidationError) as refused:
        scored_pupil.full_clean()
    assert "7.8" in messages(refused)


def test_pf_r5_a_scored_half_year_takes_no_more_confirmations(scored_pupil):
    scored_pupil.score()
    late = AchievementFactory(pupil=scored_pupil.pupil, achieved_on=date(2026, 11, 30))
    assert late.confirm_needs()
    with pytest.raises(ValidationError):
        late.confirm()


def test_the_creative_workshop_is_scored_within_the_tables_range(scored_pupil):
    scored_pupil.workshop_variety = Decimal("4")
    with pytest.raises(ValidationError) as refused:
        scored_pupil.full_clean()
    assert "5" in refused.value.message_dict["workshop_variety"][0]


# PF-R2, PF-R3, PF-R4: the sheets and the rating --------------------------------------------------


def scored(pupil, half, **points):
    score = HalfYearScoreFactory(pupil=pupil, half=half)
    total = sum(points.values(), Decimal("0"))
    return put_in_state(score, scored_on=date(2026, 12, 1), total=total, **points)


def test_pf_r2_the_pupils_summary_sheet_is_computed_per_category_and_half_year():
    pupil = PupilFactory()
    scored(pupil, 1, study=Decimal("40"), sports=Decimal("10"))
    scored(pupil, 2, study=Decimal("45"), creative=Decimal("5"))
    sheet = pupil.summary_sheet(2026)
    rows = {row["category"]: row for row in sheet["rows"]}
    assert (rows["study"]["first"], rows["study"]["second"], rows["study"]["total"]) == (40, 45, 85)
    assert rows["sports"]["total"] == 10 and rows["public_life"]["total"] == 0
    assert (sheet["first"], sheet["second"], sheet["total"]) == (50, 50, 100)
    assert len(sheet["rows"]) == 7


def test_pf_r3_the_class_sheet_is_approved_once_every_pupil_is_scored_in_both_half_years():
    anna = PupilFactory(last_name="Андреева")
    boris = PupilFactory(last_name="Борисов", school_class=anna.school_class)
    sheet = ClassSummarySheet.objects.create(institution=anna.institution, school_class=anna.school_class)
    scored(anna, 1, study=Decimal("40"))
    scored(anna, 2, study=Decimal("41"))
    scored(boris, 1, sports=Decimal("15"))
    with pytest.raises(ValidationError) as refused:
        sheet.approve()
    assert "Борисов" in messages(refused) and "Андреева" not in messages(refused)
    scored(boris, 2, sports=Decimal("20"))
    sheet.approve()
    assert sheet.approved_on
    assert [(row["pupil"].last_name, row["total"]) for row in sheet.rows()] == [("Андреева", 81), ("Борисов", 35)]


def test_pf_r4_the_rating_ranks_ties_alike_and_shows_names_only_when_the_school_chooses():
    first = PupilFactory(last_name="Андреева")
    school_class = first.school_class
    tied = PupilFactory(last_name="Борисов", school_class=school_class)
    third = PupilFactory(last_name="Васильев", school_class=school_class)
    other_class = PupilFactory(last_name="Григорьев")
    for pupil, total in ((first, "90"), (tied, "90"), (third, "70"), (other_class, "95")):
        scored(pupil, 1, study=Decimal(total))
    rating = AnnualRating.objects.create(institution=first.institution, school_year=2026)
    in_class = rating.in_class(school_class)
    assert [(row["place"], row["total"]) for row in in_class] == [(1, 90), (1, 90), (3, 70)]
    assert {row["name"] for row in in_class} == {""}, "3.3.3: no names unless the school chooses"
    assert [row["place"] for row in rating.in_school()] == [1, 2, 2, 4]
    rating.names_published = True
    assert rating.in_school()[0]["name"] == "Григорьев Пётр"
