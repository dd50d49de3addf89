"""P-A1..P-A2 over the whole registry: every record model and every list, as each role.

Each test walks every record model the apps define (not one example), so a model added by a
new domain gets the same checks without a test of its own: no query-string lookup beyond the
declared filters, the list's permission on every view, scoped filter choices, history and
audit log, and no link to a record of another institution.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction

from core.admin import record_admin_for, record_admins
from core.models import InstitutionRecord, linked_record_fields, linked_record_sets
from core.roles import COMMUNICATION_STAFF, INSTITUTION_ADMINISTRATOR, REVIEWER
from tests.factories import InstitutionFactory, UserFactory
from tests.records import one_record_of_each

pytestmark = pytest.mark.django_db

RECORD_MODELS = sorted(
    (model for model in apps.get_models() if issubclass(model, InstitutionRecord)), key=lambda m: m._meta.label
)
LABELS = [model._meta.label for model in RECORD_MODELS]


@pytest.fixture
def world(django_user_model):
    ours, theirs = InstitutionFactory(code="ours"), InstitutionFactory(code="theirs")
    admin = UserFactory(username="ours-admin", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    coordinator = UserFactory(username="ours-coordinator", role=INSTITUTION_ADMINISTRATOR, institution=ours)
    no_permissions = UserFactory(username="ours-member", institution=ours)
    no_permissions.groups.add(admin_access_only())
    roles = {
        "superuser": django_user_model.objects.create_superuser("root", "root@example.org", "x-long-password-1"),
        "administrator": admin,
        "coordinator": coordinator,
        "reviewer": UserFactory(username="ours-reviewer", role=REVIEWER, institution=ours),
        "communication": UserFactory(username="ours-comms", role=COMMUNICATION_STAFF, institution=ours),
        "member without permissions": no_permissions,
    }
    return {
        "roles": roles,
        "ours": one_record_of_each(ours, coordinator=coordinator),
        "theirs": one_record_of_each(theirs),
    }


def admin_access_only():
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def model_admin(label):
    model = apps.get_model(label)
    found = record_admin_for(model)
    assert found is not None, f"{label} is a record model without a records list (P-A1)"
    return found


def test_every_record_model_has_a_list_and_a_sample(world):
    """The walks below cover every model: each has its RecordAdmin and a record of each side."""
    assert {admin.model for admin in record_admins()} == set(RECORD_MODELS)
    assert set(world["ours"]) == set(RECORD_MODELS), "add the new model to tests/records.py"


def hostile_lookups(model):
    """Lookups a list must never apply (P-A2): traversals into accounts and other
    institutions' records, pattern lookups, fields no filter declares."""
    lookups = [
        "institution__members__password__startswith=pbkdf2_sha256",
        "institution__members__username=root",
        "institution__memberships__user__password__regex=.",
        "institution__homeschool_homeschoolingcase_set__child_name__startswith=И",
        "institution__code__regex=.*",
        "id__gt=0",
        "pk=1",
        "no_such_field=1",
    ]
    lookups += [f"{field.name}__institution__members__password__startswith=x" for field in linked_record_fields(model)]
    lookups += [f"{name}__regex=." for name in model_admin(model._meta.label).list_filter if isinstance(name, str)]
    return lookups


@pytest.mark.parametrize("label", LABELS)
def test_lists_refuse_undeclared_lookups_for_every_role(client, world, label):
    """P-A2 (issue 9.1): a list applies only its declared filters, search, ordering and paging."""
    records = model_admin(label)
    model = records.model
    for role, user in world["roles"].items():
        client.force_login(user)
        allowed = records.permission_helper.user_can_list(user)
        assert client.get(records.url_helper.index_url).status_code == (200 if allowed else 403), role
        for lookup in hostile_lookups(model):
            status = client.get(f"{records.url_helper.index_url}?{lookup}").status_code
            assert status == (400 if allowed else 403), f"{role} asked {label} for {lookup}: {status}"


@pytest.mark.parametrize("label", LABELS)
def test_declared_filters_still_work_and_offer_only_scoped_choices(client, world, label):
    """P-A2 (issue 9.5): a filter by a related record names only records the user may see."""
    records = model_admin(label)
    client.force_login(world["roles"]["administrator"])
    response = client.get(records.url_helper.index_url)
    assert response.status_code == 200
    for spec in response.context["view"].filter_specs:
        field = getattr(spec, "field", None)
        if field is None or not field.is_relation:
            continue
        offered = {pk for pk, _label in spec.lookup_choices}
        visible = set(scoped_pks(field.related_model, world["roles"]["administrator"]))
        assert offered <= visible, f"{label}'s filter {field.name} offers records of another institution"
        if offered:
            pk = next(iter(offered))
            assert client.get(f"{records.url_helper.index_url}?{spec.lookup_kwarg}={pk}").status_code == 200


def scoped_pks(model, user):
    if hasattr(model.objects, "for_user"):
        return model.objects.for_user(user).values_list("pk", flat=True)
    return model.objects.filter(memberships__institution__members=user).values_list("pk", flat=True)


def record_urls(records, record):
    """Every view of a records list, with the method it answers."""
    helper, pk = records.url_helper, record.pk
    urls = [("get", helper.index_url), ("get", helper.create_url), ("get", helper.get_action_url("import"))]
    urls += [("get", f"{helper.get_action_url('export')}?format={fmt}") for fmt in ("csv", "xlsx", "json")]
    urls += [("get", helper.get_action_url(action, pk)) for action in ("edit", "inspect", "delete", "history")]
    urls += [("post", helper.get_action_url("delete", pk)), ("post", helper.get_action_url("revert", pk))]
    urls += [("get", helper.get_action_url(action, 1)) for action in ("import_preview", "import_confirm")]
    for action in records.workflow_actions:
        urls += [(method, helper.get_action_url("workflow", pk, action.method)) for method in ("get", "post")]
    urls += [("get", helper.get_action_url("print", pk, document.name)) for document in records.printed_documents]
    return urls


@pytest.mark.parametrize("label", LABELS)
def test_a_member_without_permissions_reaches_no_view_of_any_list(client, world, label):
    """P-A2 (issue 9.2): every view of a list checks the list's own permission, not only the
    membership: export, history, revert, import, print and workflow steps included."""
    records = model_admin(label)
    record = world["ours"][records.model]
    client.force_login(world["roles"]["member without permissions"])
    for method, url in record_urls(records, record):
        assert getattr(client, method)(url).status_code == 403, f"{method.upper()} {url}"
    record.refresh_from_db()  # still there: the delete was refused


@pytest.mark.parametrize("label", LABELS)
def test_another_institutions_record_is_found_by_no_view(client, world, label):
    """P-A2: every per-record view answers 404 for a record the user may not see."""
    records = model_admin(label)
    theirs = world["theirs"][records.model]
    client.force_login(world["roles"]["administrator"])
    for method, url in record_urls(records, theirs):
        if str(theirs.pk) in url.split("/"):
            assert getattr(client, method)(url).status_code == 404, f"{method.upper()} {url}"


@pytest.mark.parametrize("label", LABELS)
def test_the_audit_log_shows_only_what_each_role_may_see_in_the_records_own_list(client, world, label):
    """P-A2 (issue 9.3): the audit log scopes each model as its list does, beyond the institution
    (a Ghent administrator who coordinates no initiative reads no signal), and ignores lookups
    its filters do not declare."""
    model = apps.get_model(label)
    for role, user in world["roles"].items():
        if not user.has_perm("core.view_audit_log"):
            continue
        client.force_login(user)
        response = client.get("/admin/audit-log/", {"model": model._meta.label_lower})
        assert response.status_code == 200
        shown, page = set(), response
        while True:  # every page, following the "older" links
            shown |= {entry["row"].id for entry in page.context["entries"]}
            if not page.context["older"]:
                break
            page = client.get("/admin/audit-log/", {"model": model._meta.label_lower, "before": page.context["older"]})
        may_see = set(model.objects.for_user(user).values_list("pk", flat=True))
        if not model_admin(label).permission_helper.user_can_list(user):
            may_see = set()
        assert shown == may_see, f"{role} reads the history of {label} {shown - may_see}"
        hostile = {"model": model._meta.label_lower, "institution__members__password__startswith": "md5"}
        hostile_entries = client.get("/admin/audit-log/", hostile).context["entries"]
        assert [entry["row"].pk for entry in hostile_entries] == [
            entry["row"].pk for entry in response.context["entries"]
        ]


@pytest.mark.parametrize("label", LABELS)
def test_links_to_another_institutions_records_are_refused_by_the_model(world, label):
    """P-A2 (issue 9.4): every foreign key and many-to-many between institution records is
    checked in the base model, so the admin, the import, the API and code all obey it."""
    model = apps.get_model(label)
    record, theirs = world["ours"][model], world["theirs"]
    for field in linked_record_fields(model):
        original = getattr(record, field.name)
        setattr(record, field.name, theirs[field.related_model])
        with pytest.raises(ValidationError) as refused:
            record.full_clean()
        assert field.name in refused.value.error_dict, f"{label}.{field.name} links across institutions"
        setattr(record, field.name, original)
    for field in linked_record_sets(model):
        before = set(getattr(record, field.name).values_list("pk", flat=True))
        with pytest.raises(ValidationError), transaction.atomic():
            getattr(record, field.name).add(theirs[field.related_model])
        reverse = getattr(theirs[field.related_model], field.remote_field.get_accessor_name())
        with pytest.raises(ValidationError), transaction.atomic():
            reverse.add(record)
        assert set(getattr(record, field.name).values_list("pk", flat=True)) == before


def test_a_user_of_two_institutions_cannot_tie_their_records_together_in_the_admin(client, world):
    """P-A2: the admin form refuses a many-to-many choice of the other institution with a
    message under the field, before anything is saved."""
    from core.models import Membership
    from tests.testdomain.models import Book, ReadingList

    reading_list = world["ours"][ReadingList]
    user = world["roles"]["administrator"]
    Membership.objects.create(user=user, institution=world["theirs"][Book].institution)
    client.force_login(user)
    url = model_admin("testdomain.ReadingList").url_helper.get_action_url("edit", reading_list.pk)
    data = {"institution": reading_list.institution_id, "name": reading_list.name, "books": [world["theirs"][Book].pk]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "books" in response.context["form"].errors
    assert list(reading_list.books.all()) == [world["ours"][Book]]


def test_a_refused_delete_names_only_the_records_the_user_may_see(client, world):
    """P-A2 (issue 9.6): a volunteer's delete page does not name the coordinator-only signal
    that blocks it; it counts it."""
    from studysupport.models import Signal, Support, Volunteer

    volunteer = world["ours"][Volunteer]
    signal, support = world["ours"][Signal], world["ours"][Support]
    url = model_admin("studysupport.Volunteer").url_helper.get_action_url("delete", volunteer.pk)
    client.force_login(world["roles"]["administrator"])
    html = client.post(url).content.decode()
    assert str(support) in html
    assert str(signal) not in html and signal.kind not in html
    assert "and 1 record you cannot see" in html
    client.force_login(world["roles"]["coordinator"])
    html = client.post(url).content.decode()
    assert str(signal) in html and "cannot see" not in html
    assert Volunteer.objects.filter(pk=volunteer.pk).exists()
