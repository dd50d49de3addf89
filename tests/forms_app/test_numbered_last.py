"""P-F2 taken last (issue 15.1): a submission stores its records under a pending number and takes
the real one as its transaction's last statements; a refusal leaves no gap and nothing pending."""

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from core.models import ReferenceCounter
from core.references import Numbering
from forms_app.models import Submission
from studysupport.forms import PupilRegistrationForm
from studysupport.models import Pupil, WaitingListEntry
from tests.forms_app.conftest import registration_data

pytestmark = pytest.mark.django_db
PENDING = re.compile(r"~[0-9a-f]{19}")


def test_the_history_and_the_audit_log_show_the_real_number(client, admin_client, registration_page):
    """The history rows written under the pending number carry the real one when the submission
    commits: one row per record, never a row with the pending number."""
    client.post(registration_page.url, registration_data())
    reference = Submission.objects.get().reference
    pupil = Pupil.objects.get(last_name="Peeters")
    assert re.fullmatch(r"SS-\d{4}-00001", reference) and pupil.external_code == reference
    rows = pupil.history.all()  # registered, then put on the waiting list (SS-R5)
    assert len(rows) == 2
    assert all(row.external_code == reference and row.history_change_reason.endswith(reference) for row in rows)
    [entry_row] = WaitingListEntry.history.filter(pupil=pupil)
    assert entry_row.history_change_reason.endswith(reference)
    log = admin_client.get("/admin/audit-log/").content.decode()
    assert reference in log and not PENDING.search(log)


def test_a_refused_submission_leaves_no_record_and_no_gap(client, registration_page, monkeypatch):
    """Refused after its records were stored under the pending number: all of them roll back."""
    save_records = PupilRegistrationForm.save_records

    def refused_after_saving(form, reference):
        save_records(form, reference)
        raise ValidationError("Een regel weigert de inschrijving.")

    monkeypatch.setattr(PupilRegistrationForm, "save_records", refused_after_saving)
    response = client.post(registration_page.url, registration_data())
    assert response.status_code == 200 and "Een regel weigert de inschrijving." in response.content.decode()
    assert not Pupil.objects.exists() and not Pupil.history.exists() and not Submission.objects.exists()
    assert not ReferenceCounter.objects.filter(last_number__gt=0).exists()
    monkeypatch.undo()
    client.post(registration_page.url, registration_data())
    assert Submission.objects.get().reference.endswith("-00001")


def test_a_rollback_after_the_numbering_gives_the_number_back(client, registration_page, monkeypatch):
    """The number is taken in the transaction that stores the record: refused after the
    numbering (the last statements), the transaction rolls back with the counter's step."""
    take = Numbering.take

    def refused_after_numbering(numbering):
        take(numbering)
        assert ReferenceCounter.objects.get().last_number == 1  # numbered, not yet committed
        raise ValidationError("Te laat geweigerd.")

    monkeypatch.setattr(Numbering, "take", refused_after_numbering)
    assert client.post(registration_page.url, registration_data()).status_code == 200
    assert not Pupil.objects.exists() and not Submission.objects.exists()
    assert not ReferenceCounter.objects.filter(last_number__gt=0).exists()
    monkeypatch.undo()
    client.post(registration_page.url, registration_data())
    assert Submission.objects.get().reference.endswith("-00001")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_slow_submission_does_not_hold_the_counter(registration_page_committed, monkeypatch):
    """While one submission is still saving its records, another is numbered, committed and
    answered; the slow one takes the next number when its own records are stored."""
    saving, release = threading.Event(), threading.Event()
    save_records = PupilRegistrationForm.save_records

    def slow(form, reference):
        record = save_records(form, reference)
        if form.cleaned_data["last_name"] == "Traag":
            saving.set()
            release.wait(timeout=60)
        return record

    monkeypatch.setattr(PupilRegistrationForm, "save_records", slow)
    url, statuses = registration_page_committed.url, {}

    def post(last_name, address):
        try:
            statuses[last_name] = Client(REMOTE_ADDR=address).post(url, registration_data(last_name=last_name))
        finally:
            connection.close()

    slow_thread = threading.Thread(target=post, args=("Traag", "198.51.100.1"))
    slow_thread.start()
    try:
        assert saving.wait(timeout=30)
        quick_thread = threading.Thread(target=post, args=("Vlug", "198.51.100.2"))
        quick_thread.start()
        quick_thread.join(timeout=30)
        assert not quick_thread.is_alive(), "the quick submission waited for the slow one's counter lock"
    finally:
        release.set()
        slow_thread.join()
    assert statuses["Vlug"].status_code == statuses["Traag"].status_code == 302
    numbers = {
        pupil.last_name: pupil.external_code[-5:] for pupil in Pupil.objects.filter(last_name__in=["Traag", "Vlug"])
    }
    assert numbers == {"Vlug": "00001", "Traag": "00002"}
