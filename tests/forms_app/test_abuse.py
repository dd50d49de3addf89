"""P-F5: CSRF, honeypot, per-client rate limit, and one record per submission however often it is sent."""

import threading

import pytest
from django.db import connection
from django.test import Client

from forms_app.models import Submission
from studysupport.models import Pupil
from tests.forms_app.conftest import registration_data


@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused(registration_page):
    """P-F5: CSRF."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(registration_page.url, registration_data())
    assert response.status_code == 403
    assert not Pupil.objects.filter(last_name="Peeters").exists()


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_people_and_refuses_bots(client, registration_page):
    """P-F5: the honeypot field."""
    content = client.get(registration_page.url).content.decode()
    assert 'class="form-honeypot" aria-hidden="true"' in content and 'tabindex="-1"' in content
    response = client.post(registration_page.url, registration_data(website="http://spam.example"))
    assert response.status_code == 200
    assert not Pupil.objects.filter(last_name="Peeters").exists()


@pytest.mark.django_db
def test_a_second_click_or_back_and_resubmit_creates_one_record(client, registration_page):
    """P-F5: a double submit creates one record."""
    data = registration_data()
    first = client.post(registration_page.url, data)
    again = client.post(registration_page.url, data)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Pupil.objects.filter(last_name="Peeters").count() == 1
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_each_page_view_gives_a_fresh_token(client, registration_page):
    """P-F5: the one-time token that makes a double submit one record."""
    first = client.get(registration_page.url).context["form"]["submission_token"].value()
    second = client.get(registration_page.url).context["form"]["submission_token"].value()
    assert first != second


@pytest.mark.django_db
def test_the_rate_limit_answers_with_a_clear_page(client, registration_page, settings):
    """P-F5: the per-client rate limit."""
    settings.FORMS_RATE_LIMIT = (2, 3600)
    for name in ("Lina", "Noor"):
        assert client.post(registration_page.url, registration_data(first_name=name)).status_code == 302
    response = client.post(registration_page.url, registration_data(first_name="Sami"))
    assert response.status_code == 429
    assert "Te veel inzendingen" in response.content.decode()
    assert Pupil.objects.filter(last_name="Peeters").count() == 2
    other_client = client.post(registration_page.url, registration_data(first_name="Sami"), REMOTE_ADDR="192.0.2.7")
    assert other_client.status_code == 302


def test_behind_a_proxy_the_address_it_appended_counts(rf, settings):
    """P-F5: the rate limit's client behind a reverse proxy."""
    from forms_app.abuse import client_address

    settings.FORMS_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.post("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4", REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == "198.51.100.4"
    assert client_address(rf.post("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clicks_at_the_same_moment_create_one_record(registration_page_committed):
    """P-F5: the one-time token is unique in the database, so racing duplicates end in one record."""
    data = registration_data()
    statuses = run_in_threads(lambda client: client.post(registration_page_committed.url, data).status_code, 6)
    assert statuses == [302] * 6
    assert Pupil.objects.filter(last_name="Peeters").count() == 1


def run_in_threads(work, count):
    """Run ``work(client)`` in ``count`` threads at once, each with its own database connection."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = work(Client(REMOTE_ADDR=f"198.51.100.{index}"))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
