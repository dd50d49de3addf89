"""Issue 10, item 6: a field a workflow step sets moves only through that step.

The walks go over every record model's declared steps (core.models.workflow_fields), so a step
a domain adds gets the same checks: a plain edit, a new record, a revert and an import are
refused with a message naming the step, the edit form does not offer the field, and the step
itself still sets it.
"""

import copy
import csv
import io
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.admin import record_admin_for
from core.exchange import run_import, stream_csv
from core.models import InstitutionRecord, workflow_fields
from core.roles import INSTITUTION_ADMINISTRATOR
from correspondence.models import HomeControlWork, SummonsCertificate
from homeschool.models import HomeSchoolingCase, IndividualCurriculum, IndividualSchedule
from portfolio.models import Achievement, ClassSummarySheet, HalfYearScore
from recognition.models import CommissionMember, Inquiry, RecognitionApplication, Validation
from studysupport.models import Intake, Pupil, Signal, SubsidyApplication, Volunteer
from tests.factories import InstitutionFactory, UserFactory
from tests.records import one_record_of_each
from tests.testdomain.models import Loan

pytestmark = pytest.mark.django_db

STEPPED = sorted(
    (model for model in apps.get_models() if issubclass(model, InstitutionRecord) and workflow_fields(model)),
    key=lambda model: model._meta.label,
)
FIELDS = [(model._meta.label, name) for model in STEPPED for name in workflow_fields(model)]


def exchanged(model, name):
    """Whether the list of ``model`` imports ``name``: the import check walks exactly those."""
    resource_class = record_admin_for(model).resource_class
    return resource_class is not None and name in resource_class().fields


EXCHANGED_FIELDS = [
    (model._meta.label, name) for model in STEPPED for name in workflow_fields(model) if exchanged(model, name)
]


def test_the_workflow_fields_are_those_the_steps_set():
    assert {model: set(workflow_fields(model)) for model in STEPPED} == {
        HomeSchoolingCase: {"status", "organised_on", "closed_on"},
        IndividualCurriculum: {"agreed_on", "approved_on"},  # HS-R11
        IndividualSchedule: {"agreed_on", "approved_on"},
        SubsidyApplication: {"status"},
        Pupil: {"status"},
        Intake: {"done_on"},
        Signal: {"follow_up"},
        Volunteer: {"screening_status", "screened_on"},
        Loan: {"returned_on"},
        Achievement: {"status", "decided_on"},
        HalfYearScore: {"scored_on", "study", "olympiads", "sports", "creative", "additional", "events", "public_life"}
        | {"total"},
        ClassSummarySheet: {"approved_on"},
        RecognitionApplication: {"status", "registered_on", "more_information_asked_on", "proceeded_on", "decided_on"},
        Inquiry: {"applicant_told_on"},
        CommissionMember: {"signed_on"},
        Validation: {"announced_on"},
        HomeControlWork: {"registered_on", "result", "reviewed_on", "defended_on"},
        SummonsCertificate: {"issued_on"},
    }
    assert [str(label) for label in workflow_fields(Volunteer)["screening_status"]] == [
        "Approve screening",
        "Refuse screening",
    ]


@pytest.fixture
def records():
    institution = InstitutionFactory(code="ours")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=institution)
    return {"admin": admin, **one_record_of_each(institution, coordinator=admin)}


def stored(records, label):
    model = apps.get_model(label)
    return model.objects.get(pk=records[model].pk)


def another_value(record, name):
    field = record._meta.get_field(name)
    current = getattr(record, name)
    if field.choices:
        return next(value for value, _label in field.choices if value != current)
    if isinstance(field, models.DecimalField):
        return current + 1
    return date(2020, 1, 15) if current != date(2020, 1, 15) else date(2020, 1, 16)


def assert_names_its_steps(messages, record, name):
    assert len(messages) == 1
    for label in workflow_fields(type(record))[name]:
        assert f"“{label}”" in messages[0]


@pytest.mark.parametrize(("label", "name"), FIELDS)
def test_a_plain_edit_of_a_workflow_field_is_refused(records, label, name):
    record = stored(records, label)
    before = getattr(record, name)
    setattr(record, name, another_value(record, name))
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert_names_its_steps(refused.value.message_dict[name], record, name)
    with pytest.raises(ValidationError):
        record.save()
    assert getattr(stored(records, label), name) == before


@pytest.mark.parametrize(("label", "name"), FIELDS)
def test_a_new_record_starts_with_the_fields_default(records, label, name):
    record = copy.copy(stored(records, label))
    record.pk = record.id = None
    record._state.adding = True
    for default_name in workflow_fields(type(record)):
        setattr(record, default_name, record._meta.get_field(default_name).get_default())
    setattr(record, name, another_value(record, name))
    with pytest.raises(ValidationError) as refused:
        record.save()
    assert list(refused.value.message_dict) == [name]
    assert_names_its_steps(refused.value.message_dict[name], record, name)
    assert type(record).objects.count() == 1


@pytest.mark.parametrize("label", sorted({label for label, _name in FIELDS}))
def test_the_edit_form_does_not_offer_workflow_fields(records, label, client):
    record = stored(records, label)
    client.force_login(records["admin"])
    url = record_admin_for(type(record)).url_helper.get_action_url("edit", record.pk)
    page = client.get(url).content.decode()
    assert 'name="institution"' in page, "the edit form is there"
    for name in workflow_fields(type(record)):
        assert f'name="{name}"' not in page


@pytest.mark.parametrize(("label", "name"), EXCHANGED_FIELDS)
def test_an_import_reports_a_changed_workflow_field_by_line_and_column(records, label, name):
    record = stored(records, label)
    resource = record_admin_for(type(record)).resource_class()
    header, row = csv.reader(io.StringIO("".join(stream_csv(resource, type(record).objects.filter(pk=record.pk)))))
    value = another_value(record, name)
    row[header.index(resource.header_for(resource.fields[name]))] = resource.fields[name].widget.render(value)
    file = io.StringIO()
    csv.writer(file).writerows([header, row])
    report = run_import(label, file.getvalue().encode(), "x.csv", user=records["admin"])
    # The changed field is reported where it stands; a rule the change breaks besides (a decision
    # without its date, SS-R9) may be reported on the same line, in its own column.
    column = resource.column_label(name)
    assert {problem.line for problem in report.problems} == {2}
    assert [problem.column for problem in report.problems].count(column) == 1
    assert_names_its_steps([problem.message for problem in report.problems if problem.column == column], record, name)
    assert getattr(stored(records, label), name) != value


def test_the_step_sets_its_fields_and_a_revert_may_not_undo_them(records, client):
    Loan.objects.filter(pk=records[Loan].pk).update(lent_on=timezone.localdate())  # lent, then given back today
    loan = Loan.objects.get(pk=records[Loan].pk)
    assert loan.returned_on is None
    loan.give_back()
    loan.refresh_from_db()
    assert loan.returned_on == timezone.localdate()
    out = loan.history.filter(returned_on=None).earliest("history_date")
    client.force_login(records["admin"])
    revert_url = record_admin_for(Loan).url_helper.get_action_url("revert", loan.pk)
    response = client.post(revert_url, {"history_id": out.history_id, "reason": "mistake"}, follow=True)
    assert "“Give back”" in response.content.decode()
    loan.refresh_from_db()
    assert loan.returned_on == timezone.localdate()
