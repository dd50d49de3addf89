"""The family's achievement form on the school's Russian page (issue 14 item 2, section 3.3): the
pupil found by name, class and the family's e-mail the school holds (never a list of pupils), the
diploma checked by content and kept private → an achievement awaiting the class teacher, with its
reference number on the confirmation page and in the e-mail."""

import re
import uuid

import pytest

from forms_app.models import DomainFormPage, Submission, SubmissionFile
from portfolio.models import Achievement
from tests.forms_app.files import HTML, PDF, upload
from tests.portfolio.factories import PupilFactory, SchoolClassFactory, default_table

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit_and_language")]
REGULATION = "/ru/emishevo-school/polozhenie-o-portfolio/"


@pytest.fixture
def form_page():
    return DomainFormPage.objects.get(slug="dostizhenie-v-portfolio")


@pytest.fixture
def pupil():
    default_table()
    school_class = SchoolClassFactory(grade=5, letter="А")
    return PupilFactory(
        last_name="Соколова",
        first_name="Мария",
        patronymic="Игоревна",
        school_class=school_class,
        family_email="sokolovy@example.org",
    )


def achievement(pupil, **overrides):
    return {
        "pupil_name": "  соколова  мария ",  # as typed: case and spaces do not matter
        "school_class": str(pupil.school_class.pk),
        "email": "Sokolovy@Example.org",
        "indicator": "intellectual_contest",
        "level": "city",
        "result": "winner",
        "title": "Городская олимпиада по математике",
        "achieved_on": "15.10.2026",
        "document": upload("gramota.pdf", PDF),
        "consent": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
        **overrides,
    }


def test_the_regulation_links_the_form_which_lists_classes_never_pupils(client, form_page, pupil):
    regulation = client.get(REGULATION).content.decode()
    assert form_page.url in regulation and "Отправить достижение" in regulation
    page = client.get(form_page.url).content.decode()
    assert "Фамилия и имя обучающегося" in page and "Копия диплома или грамоты" in page
    assert ">5 А<" in page and "Соколова" not in page


def test_a_family_submits_an_achievement_awaiting_the_class_teacher(client, form_page, pupil, mailoutbox):
    response = client.post(form_page.url, achievement(pupil), follow=True)
    record = Achievement.objects.get()
    submission = Submission.objects.get()
    assert re.fullmatch(r"PF-\d{4}-\d{5}", record.reference) and record.reference == submission.reference
    assert record.reference in response.content.decode()
    assert (record.pupil, record.status, record.applicant_email) == (pupil, "submitted", "Sokolovy@Example.org")
    assert str(record.achieved_on) == "2026-10-15"
    assert record.document.read() == PDF and not SubmissionFile.objects.exists(), "kept once, private"
    assert submission.applicant_name == "Соколова Мария Игоревна"
    assert [message.to for message in mailoutbox] == [["Sokolovy@Example.org"]]
    assert record.reference in mailoutbox[0].body


def refused(client, form_page, data):
    response = client.post(form_page.url, data)
    assert response.status_code == 200 and not Achievement.objects.exists()
    return response.context["form"].errors


@pytest.mark.parametrize(
    "overrides",
    [{"pupil_name": "Соколова Анна"}, {"email": "someone@example.org"}, {"school_class": "other"}],
    ids=["name", "email", "class"],
)
def test_a_pupil_is_found_only_by_name_class_and_the_familys_email(client, form_page, pupil, overrides):
    if overrides.get("school_class") == "other":
        overrides = {"school_class": str(SchoolClassFactory(grade=6, letter="Б").pk)}
    errors = refused(client, form_page, achievement(pupil, **overrides))
    # The same words whichever differs: the form tells nobody whether a pupil exists.
    assert errors["pupil_name"] == [
        "В школе нет обучающегося с такими фамилией и именем в этом классе и таким адресом семьи: проверьте их "
        "или попросите классного руководителя внести адрес семьи (раздел 3.3 Положения)."
    ]


def test_a_family_without_a_recorded_email_is_refused(client, form_page, pupil):
    pupil.family_email = ""
    pupil.save()
    errors = refused(client, form_page, achievement(pupil))
    assert errors["pupil_name"][0].startswith("В школе нет обучающегося")


def test_the_document_is_checked_by_its_content(client, form_page, pupil):
    errors = refused(client, form_page, achievement(pupil, document=upload("gramota.pdf", HTML)))
    assert "Принимаются только файлы PDF, JPEG, PNG" in errors["document"][0]


def test_a_date_in_the_future_and_a_level_the_table_does_not_score_are_refused(client, form_page, pupil):
    errors = refused(
        client, form_page, achievement(pupil, achieved_on="15.03.2099", indicator="distance_contest", level="city")
    )
    assert "achieved_on" in errors
    errors = refused(client, form_page, achievement(pupil, indicator="distance_contest", level="city"))
    assert errors["level"] == [
        "Выберите уровень, за который таблица баллов оценивает такое достижение (Приложение 2 к Положению)."
    ]


def test_a_date_typed_wrongly_is_refused_with_an_example(client, form_page, pupil):
    errors = refused(client, form_page, achievement(pupil, achieved_on="31.02.2026"))
    assert errors["achieved_on"] == ["Введите правильную дату."]
