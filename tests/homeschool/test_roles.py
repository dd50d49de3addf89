"""Who does what in home schooling, as the regulation names them (clauses 2.15-2.16, 2.19-2.20,
3.1-3.3): the class teacher records the pupil's lessons and marks; the responsible deputy reads
them and records the parent's agreement, never writes the journal; neither approves a plan or
decides a promotion. And every school year reads as the school writes it, 2026/2027."""

import re
from datetime import date

import pytest
from wagtail.users.models import UserProfile

from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from homeschool.models import AttestationMark, Lesson
from tests.factories import UserFactory
from tests.homeschool.factories import (
    CalendarFactory,
    ContractFactory,
    CurriculumFactory,
    LessonFactory,
    OrderFactory,
    ScheduleFactory,
    school_8,
)

pytestmark = pytest.mark.django_db
LESSONS = "/admin/homeschool/lesson/"
MARKS = "/admin/homeschool/attestationmark/"


@pytest.fixture
def school():
    deputy = UserFactory(username="deputy", role=REVIEWER, institution=school_8())
    teacher = UserFactory(username="class-teacher", role=REVIEWER, institution=school_8())
    ours = ContractFactory().case
    ours.responsible, ours.class_teacher_account = deputy, teacher
    ours.save()
    other = ContractFactory().case  # another class's pupil, the same deputy's
    other.responsible = deputy
    other.save()
    return {"deputy": deputy, "teacher": teacher, "ours": ours, "other": other}


def lesson_form(case, day="08.09.2026"):
    return {
        "institution": case.institution.pk,
        "case": case.pk,
        "given_on": day,
        "subject": "Математика",
        "teacher_name": "Орлова Татьяна Викторовна",
        "hours": "1",
        "status": "held",
        "cancel_reason": "",
        "parent_notified_on": "",
        "note": "",
    }


def test_the_class_teacher_records_lessons_and_marks_of_their_class_only(client, school):
    """3.3 (2.19-2.20, 3.2): the class teacher fills in the journal for the pupils of their class."""
    client.force_login(school["teacher"])
    form = client.get(LESSONS + "create/").context["form"]
    assert list(form.fields["case"].queryset) == [school["ours"]], "only their class's pupils to choose"
    response = client.post(LESSONS + "create/", lesson_form(school["ours"]))
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Lesson.objects.filter(case=school["ours"]).count() == 1
    refused = client.post(LESSONS + "create/", lesson_form(school["other"], "09.09.2026"))
    assert refused.status_code == 200 and "case" in refused.context["form"].errors
    assert not Lesson.objects.filter(case=school["other"]).exists()
    mark = {"institution": school_8().pk, "case": school["ours"].pk, "subject": "Математика", "period": "q1"}
    assert client.post(MARKS + "create/", {**mark, "mark": "5"}).status_code == 302
    assert AttestationMark.objects.get(case=school["ours"]).mark == "5"
    own = Lesson.objects.get(case=school["ours"])
    assert client.get(f"{LESSONS}edit/{own.pk}/").status_code == 200, "they correct their own entries"
    # No import: its rows could name another class's pupil.
    assert client.get(LESSONS + "import/").status_code == 403
    assert "/lesson/import/" not in client.get(LESSONS).content.decode()
    # Another class's lesson is out of their sight; the deputy's plans are not theirs to agree.
    theirs = LessonFactory(case=school["other"], given_on=date(2026, 9, 10))
    assert client.get(f"{LESSONS}edit/{theirs.pk}/").status_code == 404
    curriculum = CurriculumFactory(case=school["ours"])
    assert client.get(f"/admin/homeschool/individualcurriculum/inspect/{curriculum.pk}/").status_code == 404
    assert client.get("/admin/homeschool/promotiondecision/create/").status_code == 403


def test_the_responsible_deputy_reads_the_journal_and_does_not_write_it(client, school):
    """2.19: the deputy controls the curriculum: reads the lessons, records none (3.3 is the teachers')."""
    lesson = LessonFactory(case=school["ours"], given_on=date(2026, 9, 8))
    client.force_login(school["deputy"])
    assert lesson.subject in client.get(LESSONS).content.decode()
    assert client.get(LESSONS + "create/").status_code == 403
    assert client.post(LESSONS + "create/", lesson_form(school["ours"], "09.09.2026")).status_code == 403
    assert client.get(f"{LESSONS}edit/{lesson.pk}/").status_code == 403
    assert client.get(MARKS + "create/").status_code == 403
    assert Lesson.objects.count() == 1


def test_the_administration_records_the_journal_too(client, school):
    admin = UserFactory(username="school-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8())
    client.force_login(admin)
    assert client.post(LESSONS + "create/", lesson_form(school["other"])).status_code == 302


def test_every_school_year_reads_as_the_school_writes_it(client):
    """Russian documents write a school year 2026/2027: lists, filters, forms and prints alike."""
    admin = UserFactory(username="school-admin", role=INSTITUTION_ADMINISTRATOR, institution=school_8())
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "ru"
    profile.save()
    client.force_login(admin)
    curriculum = CurriculumFactory(school_year=2026)
    OrderFactory(school_year=2026)
    CalendarFactory(school_year=2026)
    for model in ("individualcurriculum", "homeschoolingorder", "schoolcalendar"):
        html = client.get(f"/admin/homeschool/{model}/").content.decode()
        assert "2026/2027" in html, model
        assert ">2026<" not in html.replace(" ", "").replace("\n", ""), model
    form = client.get(f"/admin/homeschool/individualcurriculum/edit/{curriculum.pk}/").content.decode()
    assert '<option value="2026" selected>2026/2027</option>' in form
    printed = client.get(f"/admin/homeschool/individualcurriculum/print/{curriculum.pk}/curriculum/")
    assert "2026/2027" in printed.content.decode()


@pytest.mark.parametrize("who", ["class teacher", "deputy", "administration"])
def test_every_document_linked_from_the_cases_list_opens(client, school, who):
    """The list links only the documents its reader may open: the class teacher's list links the
    written application, not the contract or the plans that lead them to a 404."""
    case = school["ours"]
    CurriculumFactory(case=case)
    ScheduleFactory(case=case)
    CalendarFactory(institution=case.institution, school_year=2026)
    readers = {
        "class teacher": school["teacher"],
        "deputy": school["deputy"],
        "administration": UserFactory(username="head", role=INSTITUTION_ADMINISTRATOR, institution=school_8()),
    }
    client.force_login(readers[who])
    listed = client.get("/admin/homeschool/homeschoolingcase/", {"q": case.reference}).content.decode()
    links = set(re.findall(r'href="(/admin/homeschool/[a-z]+/print/\d+/[a-z]+/)"', listed))
    assert links, listed
    assert {link: client.get(link).status_code for link in links} == dict.fromkeys(links, 200)
    documents = {"homeschoolingcontract", "individualcurriculum", "individualschedule"}
    expected = {
        "class teacher": {"homeschoolingcase"},
        "deputy": {"homeschoolingcase", *documents},
        "administration": {"homeschoolingcase", *documents, "schoolcalendar"},
    }
    assert {link.split("/")[3] for link in links} == expected[who]
