"""SS-R8 («minimaliseer per initiatief»): a coordinator meets nothing of another initiative, on every
view of every Ghent list (the registry walk of tests/core, at the finer scope of one initiative)."""

import pytest

from core.admin import record_admin_for
from core.domains import domain_for
from core.roles import INSTITUTION_ADMINISTRATOR
from tests.core.test_registry_security import record_urls
from tests.factories import InstitutionFactory, UserFactory
from tests.records import ghent_records

pytestmark = pytest.mark.django_db

GHENT_MODELS = [record.model for record in domain_for("studysupport").records]
# The city's list of districts is shared by every initiative: no person, no initiative's record.
SHARED = {"studysupport.District"}
LABELS = [model._meta.label for model in GHENT_MODELS if model._meta.label not in SHARED]


@pytest.fixture
def city():
    gent = InstitutionFactory(code="gent-scope")
    coordinator = UserFactory(username="coordinator-a", role=INSTITUTION_ADMINISTRATOR, institution=gent)
    staff = UserFactory(username="city-staff", role=INSTITUTION_ADMINISTRATOR, institution=gent)
    ours = {type(record): record for record in ghent_records(gent, coordinator)}
    other = UserFactory(username="coordinator-b", institution=gent)
    theirs = {type(record): record for record in ghent_records(gent, other)}
    return {"coordinator": coordinator, "staff": staff, "ours": ours, "theirs": theirs}


def names_of(record):
    """What of a record would betray it on a page or in a file."""
    codes = {getattr(record, name) for name in ("external_code", "email", "code") if hasattr(record, name)}
    return {str(record)} | codes


@pytest.mark.parametrize("label", LABELS)
def test_a_coordinator_finds_no_record_of_another_initiative(client, city, label):
    model = next(model for model in GHENT_MODELS if model._meta.label == label)
    records = record_admin_for(model)
    theirs, ours = city["theirs"][model], city["ours"][model]
    client.force_login(city["coordinator"])
    for method, url in record_urls(records, theirs):
        if str(theirs.pk) in url.split("/"):
            assert getattr(client, method)(url).status_code == 404, f"{method.upper()} {url}"
    assert list(model.objects.for_user(city["coordinator"])) == [ours]
    listed = client.get(records.url_helper.index_url).content.decode()
    exported = client.get(f"{records.url_helper.get_action_url('export')}?format=csv")
    export = b"".join(exported.streaming_content).decode("utf-8-sig")
    searched = client.get(records.url_helper.index_url, {"q": str(theirs)[:6]}).content.decode()
    for page in (listed, export, searched):
        assert not any(name in page for name in names_of(theirs) if name and name not in names_of(ours))
    audit = client.get("/admin/audit-log/", {"model": model._meta.label_lower})
    shown = {entry["row"].id for entry in audit.context["entries"]}
    assert theirs.pk not in shown


def test_every_coordinator_reads_the_citys_district_list(client, city):
    from studysupport.models import District

    ours, theirs = city["ours"][District], city["theirs"][District]
    assert {ours, theirs} <= set(District.objects.for_user(city["coordinator"]))
    client.force_login(city["coordinator"])
    listed = client.get(record_admin_for(District).url_helper.index_url).content.decode()
    assert str(ours) in listed and str(theirs) in listed


@pytest.mark.parametrize("label", sorted({*LABELS, *SHARED}))
def test_city_staff_see_every_initiatives_records_but_signals(city, label):
    model = next(model for model in GHENT_MODELS if model._meta.label == label)
    visible = set(model.objects.for_user(city["staff"]))
    if label == "studysupport.Signal":  # the coordinator's only (spec, Records: Signal)
        assert visible == set()
    elif label in SHARED:  # the city's list, its wijken loaded when the institution was set up
        assert {city["ours"][model], city["theirs"][model]} <= visible
    else:
        assert visible == {city["ours"][model], city["theirs"][model]}


def test_a_registration_for_an_initiative_is_mailed_to_its_coordinator(client, gent, registration_page):
    """SS-R8: the coordinator hears of it, beside the page's own addresses."""
    from django.core import mail

    from tests.factories import InitiativeFactory, recognise
    from tests.forms_app.conftest import registration_data

    initiative = recognise(InitiativeFactory(institution=gent, coordinator_email="vlieger@example.org"))
    mail.outbox.clear()
    client.post(registration_page.url, registration_data(initiative=str(initiative.pk)))
    assert any("vlieger@example.org" in message.to for message in mail.outbox)
