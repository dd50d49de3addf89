"""Families see their own child's portfolio (issue 14 item 8): a one-time link sent to the e-mail
the school holds opens a session that is no staff login; it shows the pupils of that address, their
achievements' state and their summary sheets, and answers 404 for every other pupil."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from portfolio.models import Achievement
from tests.portfolio.factories import AchievementFactory, HalfYearScoreFactory, PupilFactory
from visitors.models import SignInLink

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limit_and_language")]
FAMILY = "sokolovy@example.org"
SIGN_IN = "/ru/my/sign-in/"


@pytest.fixture
def pupil():
    return PupilFactory(last_name="Соколова", first_name="Мария", family_email=FAMILY)


@pytest.fixture
def other_pupil():
    return PupilFactory(last_name="Петров", first_name="Иван", family_email="petrovy@example.org")


def link_in(mailoutbox):
    return re.search(r"https?://\S+/ru/my/sign-in/\S+/", mailoutbox[-1].body)[0]


def signed_in(client, mailoutbox, email=FAMILY):
    client.post(SIGN_IN, {"email": email, "website": ""})
    path = link_in(mailoutbox).split("testserver", 1)[1]
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/ru/my/"
    return client


def test_a_known_address_gets_a_one_time_link_and_an_unknown_one_the_same_answer(client, pupil, mailoutbox):
    known = client.post(SIGN_IN, {"email": "SOKOLOVY@example.org", "website": ""}).content.decode()
    assert [message.to for message in mailoutbox] == [["SOKOLOVY@example.org"]]
    assert "/ru/my/sign-in/" in mailoutbox[0].body and "30" in mailoutbox[0].body
    unknown = client.post(SIGN_IN, {"email": "stranger@example.org", "website": ""}).content.decode()
    assert len(mailoutbox) == 1, "no link to an address the school does not hold"
    assert "ссылка для входа" in known and "ссылка для входа" in unknown
    stored = SignInLink.objects.get()
    assert stored.token_hash not in mailoutbox[0].body and link_in(mailoutbox).split("/")[-2] != stored.token_hash


def test_the_link_signs_in_once_and_the_family_sees_its_child(client, pupil, other_pupil, mailoutbox):
    client.post(SIGN_IN, {"email": FAMILY, "website": ""})
    path = link_in(mailoutbox).split("testserver", 1)[1]
    assert "Войти" in client.get(path).content.decode(), "opening the link (a mail scanner) uses nothing up"
    assert client.post(path).status_code == 302
    home = client.get("/ru/my/").content.decode()
    assert "Соколова Мария" in home and "Петров" not in home
    again = client.post(path)
    assert again.status_code == 410
    assert "Эта ссылка для входа уже использована" in again.content.decode()


def test_an_expired_link_is_refused_with_a_clear_message(client, pupil, mailoutbox):
    client.post(SIGN_IN, {"email": FAMILY, "website": ""})
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(link_in(mailoutbox).split("testserver", 1)[1])
    assert response.status_code == 410 and "Срок действия этой ссылки для входа истёк" in response.content.decode()
    assert client.get("/ru/my/").status_code == 302, "not signed in"


def test_an_unknown_token_opens_nothing(client):
    response = client.post("/ru/my/sign-in/forged-token/")
    assert response.status_code == 404 and client.get("/ru/my/").status_code == 302


def test_the_family_sees_the_portfolio_sheets_and_the_achievements_state(client, pupil, mailoutbox):
    HalfYearScoreFactory(pupil=pupil, school_class=pupil.school_class, half=1, scored_on="2026-12-01", study=7, total=7)
    AchievementFactory(pupil=pupil, title="Олимпиада по математике")
    AchievementFactory(pupil=pupil, title="Конкурс чтецов", status=Achievement.Status.CONFIRMED)
    AchievementFactory(
        pupil=pupil, title="Кросс", status=Achievement.Status.RETURNED, return_reason="Грамота не читается"
    )
    page = signed_in(client, mailoutbox).get(f"/ru/my/portfolio/{pupil.pk}/").content.decode()
    for shown in ("Соколова Мария", "Ожидает подтверждения", "Подтверждено", "Возвращено", "Грамота не читается"):
        assert shown in page
    assert "Учебная деятельность" in page and "7,00" in page


def test_every_other_pupil_answers_404(client, pupil, other_pupil, mailoutbox):
    signed_in(client, mailoutbox)
    assert client.get(f"/ru/my/portfolio/{pupil.pk}/").status_code == 200
    assert client.get(f"/ru/my/portfolio/{other_pupil.pk}/").status_code == 404
    assert client.get("/ru/my/portfolio/999999/").status_code == 404


def test_a_different_address_sees_nothing_of_this_family(client, pupil, other_pupil, mailoutbox):
    signed_in(client, mailoutbox, email="petrovy@example.org")
    assert "Соколова" not in client.get("/ru/my/").content.decode()
    assert client.get(f"/ru/my/portfolio/{pupil.pk}/").status_code == 404


def test_the_session_never_reaches_the_staff_admin(client, pupil, mailoutbox):
    signed_in(client, mailoutbox)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get("/admin/portfolio/pupil/").status_code == 302


def test_signed_out_the_area_is_closed(client, pupil, mailoutbox):
    signed_in(client, mailoutbox)
    client.post("/ru/my/sign-out/")
    assert client.get(f"/ru/my/portfolio/{pupil.pk}/").status_code == 302


@override_settings(FORMS_RATE_LIMIT=(2, 3600))
def test_sign_in_requests_are_rate_limited(client, pupil, mailoutbox):
    for _attempt in range(2):
        client.post(SIGN_IN, {"email": FAMILY, "website": ""})
    response = client.post(SIGN_IN, {"email": FAMILY, "website": ""})
    assert response.status_code == 429 and len(mailoutbox) == 2
