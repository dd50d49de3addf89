"""The portfolio in the admin: the class teacher (a reviewer) works on their class's portfolios only
(3.3.3), confirms or returns achievements (PF-R5) and scores half-years (PF-R1); the director (the
school's administrator) approves the class sheets (PF-R3) and keeps the points table."""

import pytest

from core.admin import record_admin_for
from core.inbox import inbox_for
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from portfolio.models import Achievement, AnnualRating, ClassSummarySheet, HalfYearScore, PointsRow, Pupil
from tests.factories import UserFactory
from tests.portfolio.factories import AchievementFactory, PupilFactory, SchoolClassFactory, default_table, emishevo

pytestmark = pytest.mark.django_db


def urls(model):
    return record_admin_for(model).url_helper


@pytest.fixture
def school():
    default_table()
    teacher = UserFactory(username="class-teacher", role=REVIEWER, institution=emishevo())
    director = UserFactory(username="director", role=INSTITUTION_ADMINISTRATOR, institution=emishevo())
    ours = PupilFactory(last_name="Смирнова", school_class=SchoolClassFactory(class_teacher=teacher))
    theirs = PupilFactory(last_name="Кузнецов")
    return {
        "teacher": teacher,
        "director": director,
        "ours": ours,
        "theirs": theirs,
        "achievement": AchievementFactory(pupil=ours, title="Олимпиада по математике"),
        "their_achievement": AchievementFactory(pupil=theirs, title="Кросс наций"),
    }


def test_the_class_teacher_sees_only_their_classs_portfolios(client, school):
    """3.3.3: a portfolio is visible to the pupil's teachers and the administration, not to other teachers."""
    client.force_login(school["teacher"])
    html = client.get(urls(Pupil).index_url).content.decode()
    assert "Смирнова" in html and "Кузнецов" not in html
    assert client.get(urls(Pupil).get_action_url("inspect", school["theirs"].pk)).status_code == 404
    html = client.get(urls(Achievement).index_url).content.decode()
    assert "Олимпиада по математике" in html and "Кросс наций" not in html
    theirs = school["their_achievement"]
    assert client.get(urls(Achievement).get_action_url("edit", theirs.pk)).status_code == 404
    assert client.get(urls(AnnualRating).index_url).status_code == 403
    table = client.get(urls(PointsRow).index_url)
    row = PointsRow.objects.get(indicator="final_marks")
    assert table.status_code == 200 and row.get_indicator_display() in table.content.decode()
    assert client.get(urls(PointsRow).get_action_url("edit", row.pk)).status_code == 403, "the director edits it"


def test_the_class_teacher_confirms_an_achievement_waiting_in_their_inbox(client, school):
    """PF-R5: the achievement waits for the class teacher, who confirms it against its document."""
    achievement = school["achievement"]
    [(_domain, [group])] = inbox_for(school["teacher"])
    assert [entry.record for entry in group.entries] == [achievement]
    client.force_login(school["teacher"])
    assert (
        client.post(urls(Achievement).get_action_url("workflow", school["their_achievement"].pk, "confirm")).status_code
        == 404
    )
    client.post(urls(Achievement).get_action_url("workflow", achievement.pk, "confirm"))
    achievement.refresh_from_db()
    assert achievement.status == "confirmed" and achievement.points() == 20
    assert achievement.history.first().history_user == school["teacher"]


def test_the_class_teacher_writes_the_reason_then_returns_the_achievement(client, school):
    """PF-R5: the step says the reason is missing before the click, and refuses without it."""
    achievement = school["achievement"]
    client.force_login(school["teacher"])
    step = urls(Achievement).get_action_url("workflow", achievement.pk, "send_back")
    assert "The reason for returning the achievement is not written yet" in client.get(step).content.decode()
    client.post(step)
    achievement.refresh_from_db()
    assert achievement.status == "submitted"
    edit = urls(Achievement).get_action_url("edit", achievement.pk)
    form = client.get(edit).context["form"]
    data = {name: form[name].value() for name in form.fields if name != "document"}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["return_reason"] = "На грамоте указано 2 место: выберите «призёр»."
    assert client.post(edit, data).status_code == 302
    client.post(step)
    achievement.refresh_from_db()
    assert achievement.status == "returned" and achievement.return_reason.startswith("На грамоте")


def test_only_the_director_approves_the_class_sheet(client, school):
    """PF-R3 (7.8): the class teacher reads the class sheet; the director approves it."""
    pupil = school["ours"]
    sheet = ClassSummarySheet.objects.create(institution=pupil.institution, school_class=pupil.school_class)
    for half in (1, 2):
        score = HalfYearScore.objects.create(
            institution=pupil.institution, pupil=pupil, school_class=pupil.school_class, half=half
        )
        if half == 1:
            school["achievement"].confirm()
        score.score()
    approve = urls(ClassSummarySheet).get_action_url("workflow", sheet.pk, "approve")
    client.force_login(school["teacher"])
    assert client.get(urls(ClassSummarySheet).index_url).status_code == 200
    assert client.post(approve).status_code == 403
    client.force_login(school["director"])
    client.post(approve)
    sheet.refresh_from_db()
    assert sheet.approved_on == sheet.institution.today()


def test_the_class_teacher_scores_the_half_year_from_the_list(client, school):
    """PF-R1: a half-year score added from a pupil starts in the pupil's class; the step computes it."""
    pupil = school["ours"]
    client.force_login(school["teacher"])
    add = client.get(f"{urls(HalfYearScore).create_url}?pupil={pupil.pk}")
    assert add.context["form"].initial["school_class"] == pupil.school_class_id
    score = HalfYearScore.objects.create(
        institution=pupil.institution, pupil=pupil, school_class=pupil.school_class, half=1, class_affairs="high"
    )
    step = urls(HalfYearScore).get_action_url("workflow", score.pk, "score")
    assert "awaits confirmation" in client.get(step).content.decode(), "the olympiad is still to be decided"
    school["achievement"].confirm()
    client.post(step)
    score.refresh_from_db()
    assert (score.olympiads, score.events, score.total) == (20, 5, 25)
