"""A person's request about their data (P-O3, issue 16.9), walked over every record model with
personal fields: found by name or e-mail in every domain, exported as one archive with history and
documents, erased in records and history except where a regulation keeps it (clause 6.20)."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import models

from core import data_requests
from core.models import DataRemoval, Institution, private_file_fields
from core.purge import record_models
from core.retention import person_fields, retention_of
from core.roles import INSTITUTION_ADMINISTRATOR, REVIEWER
from correspondence.models import HomeControlWork
from tests.factories import InstitutionFactory, UserFactory
from tests.records import one_record_of_each

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Zyx Qwe", "zyx.qwe@example.org"
PDF = b"%PDF-1.4\n%%EOF\n"
PERSONAL_MODELS = [model for model in record_models() if person_fields(model)]


def make_theirs(record):
    """The person's name and address in each personal field of ``record`` and of its history rows,
    and a document in each file field with an older one in its history."""
    model = type(record)
    values = {}
    for field in person_fields(model):
        values[field.attname] = EMAIL if isinstance(field, models.EmailField) else NAME[: field.max_length]
    files = {}
    for field in private_file_fields(model):
        now = field.storage.save(f"dsr/{model._meta.model_name}.pdf", ContentFile(PDF))
        before = field.storage.save(f"dsr/{model._meta.model_name}-old.pdf", ContentFile(PDF))
        model._base_manager.filter(pk=record.pk).update(**{field.attname: now})
        record.history.filter(history_id=record.history.earliest().history_id).update(**{field.attname: before})
        files[field] = (now, before)
    model._base_manager.filter(pk=record.pk).update(**values)
    record.history.update(**values)
    return files


@pytest.fixture
def college():
    return InstitutionFactory(code="college", language="ru")


@pytest.fixture
def person(college):
    records = one_record_of_each(college)
    files = {model: make_theirs(records[model]) for model in PERSONAL_MODELS}
    files[HomeControlWork] = make_theirs(records[HomeControlWork])
    return {"records": records, "files": files}


def holds_their_data(record):
    model = type(record)
    rows = [model._base_manager.filter(pk=record.pk).values().get(), *record.history.values()]
    return any(
        NAME[:3] in str(row[f.attname]) or EMAIL in str(row[f.attname]) for row in rows for f in person_fields(model)
    )


def test_every_model_with_personal_fields_is_found_by_name_or_address(person, college):
    by_name = {type(record) for record in data_requests.find(college, name="qwe zyx")}
    emails = [m for m in PERSONAL_MODELS if any(isinstance(f, models.EmailField) for f in person_fields(m))]
    by_email = {type(record) for record in data_requests.find(college, email=EMAIL.upper())}
    texts = [
        m
        for m in PERSONAL_MODELS
        if any(
            isinstance(f, models.CharField) and f.max_length >= 7 and not isinstance(f, models.EmailField)
            for f in person_fields(m)
        )
    ]
    assert set(texts) <= by_name and set(emails) == by_email
    assert not data_requests.find(InstitutionFactory(code="elsewhere"), name=NAME), "another institution's people"
    assert not data_requests.find(college, name="Zyx Nobody")


def test_the_archive_holds_every_record_of_their_case_with_history_and_documents(person, college):
    found = data_requests.find(college, name=NAME)
    archive = zipfile.ZipFile(io.BytesIO(data_requests.export_archive(found)))
    names = archive.namelist()
    for record in data_requests.linked(found):
        entries = json.loads(archive.read(f"{record._meta.label}.json"))
        exported = next(entry for entry in entries if entry["id"] == record.pk)
        assert len(exported["history"]) == record.history.count()
    for model, files in person["files"].items():
        for now, before in files.values():
            label = person["records"][model]._meta.label
            assert any(name.endswith(now) for name in names) and any(name.endswith(before) for name in names), label
    assert NAME in archive.read("recognition.Student.json").decode()


def test_erasure_anonymises_records_and_history_and_deletes_documents_except_what_a_regulation_keeps(
    person, college, django_capture_on_commit_callbacks
):
    found = data_requests.find(college, name=NAME) + data_requests.find(college, email=EMAIL)
    to_erase, kept = data_requests.erasure_plan(found)
    assert [(type(record), clause) for record, clause in kept] == [(HomeControlWork, "clause 6.20")]
    admin = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        report = data_requests.erase(college, found, admin)
    for model in PERSONAL_MODELS:
        record = person["records"][model]
        assert not holds_their_data(record), model._meta.label
        for field, (now, before) in person["files"][model].items():
            assert not field.storage.exists(now) and not field.storage.exists(before), f"{model._meta.label}.{field}"
    for field, (now, _before) in person["files"][HomeControlWork].items():
        assert field.storage.exists(now), "clause 6.20 keeps the work a year"
    removal = DataRemoval.objects.get(kind=DataRemoval.Kind.ERASURE)
    assert removal.counts == report and removal.user == admin and removal.institution == college
    assert NAME[:3] not in json.dumps(removal.counts) and EMAIL not in json.dumps(removal.counts)
    assert report["college"]["recognition.Student"] == 1


def test_each_kept_model_is_the_person_alone(person, college):
    """A teacher's erasure takes their name, not the works of the students they reviewed."""
    teacher = person["records"][next(m for m in PERSONAL_MODELS if m._meta.label == "correspondence.Teacher")]
    assert retention_of(type(teacher)).kept
    assert data_requests.linked([teacher]) == [teacher]


URL = "/admin/personal-data/"


@pytest.fixture
def college_admin(client, college):
    user = UserFactory(username="college-admin", role=INSTITUTION_ADMINISTRATOR, institution=college, admin_language="")
    client.force_login(user)
    return user


def test_the_administrator_finds_exports_and_erases_in_their_language(client, college_admin, person, college):
    page = client.get(URL, {"institution": college.pk, "name": NAME})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Запросы о персональных данных" in html and "Выгрузить архивом" in html, "the college's Russian"
    keys = [data_requests.key_of(record) for record in data_requests.find(college, name=NAME)]
    assert all(key in html for key in keys)
    export = client.post(f"{URL}export/", {"institution": college.pk, "record": keys})
    assert export["Content-Type"] == "application/zip" and zipfile.ZipFile(io.BytesIO(export.content)).namelist()
    confirm = client.post(f"{URL}erase/", {"institution": college.pk, "record": keys})
    assert confirm.status_code == 200 and not DataRemoval.objects.exists(), "a confirmation first"
    assert "6.20" in confirm.content.decode()
    done = client.post(f"{URL}erase/", {"institution": college.pk, "record": keys, "confirm": "yes"}, follow=True)
    assert done.status_code == 200 and DataRemoval.objects.filter(kind="erasure").count() == 1
    assert not data_requests.find(college, name=NAME)


def test_the_menu_offers_it_to_administrators_only(client, college_admin, college):
    assert URL in client.get("/admin/").content.decode()
    reviewer = UserFactory(username="college-reviewer", role=REVIEWER, institution=college)
    client.force_login(reviewer)
    assert URL not in client.get("/admin/").content.decode()
    assert client.get(URL).status_code == 403


def test_an_administrator_reaches_only_their_institution(client, college_admin, person, college):
    ghent = Institution.objects.get(code="gent")
    page = client.get(URL, {"institution": ghent.pk, "name": NAME})
    assert page.status_code == 200 and page.context["found"] == []
    keys = [data_requests.key_of(record) for record in data_requests.find(college, name=NAME)]
    response = client.post(f"{URL}erase/", {"institution": ghent.pk, "record": keys, "confirm": "yes"})
    assert response.status_code == 302 and not DataRemoval.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"institution": "x"}, {"institution": "1", "record": ["nonsense", "studysupport.Pupil:abc", "no.Such:1"]}],
)
def test_bad_input_gets_a_message_never_a_500(client, college_admin, data):
    assert client.get(URL, {"name": "", "email": "not an address"}).status_code == 200
    for action in ("export", "erase"):
        response = client.post(f"{URL}{action}/", data, follow=True)
        assert response.status_code == 200
        assert list(response.context["messages"]), action
