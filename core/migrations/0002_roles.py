"""Create the portal's roles as groups, with the page and collection permissions they hold.

Communication staff edit, publish and schedule public pages and manage the images and
documents on them (P-C4); a moderation workflow on the page tree lets them review each
other's drafts. Institution administrators and reviewers only enter the admin here: the
records issue gives them the permissions of their domain models.
"""

from django.db import migrations

from core.roles import (
    COMMUNICATION_COLLECTION_PERMISSIONS,
    COMMUNICATION_MODEL_PERMISSIONS,
    COMMUNICATION_PAGE_PERMISSIONS,
    COMMUNICATION_STAFF,
    INSTITUTION_ADMINISTRATOR,
    REVIEWER,
    ensure_permissions,
)

WORKFLOW_NAME = "Communication review"


def create_roles(apps, schema_editor):
    ensure_permissions(apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    groups = {}
    for name in (COMMUNICATION_STAFF, INSTITUTION_ADMINISTRATOR, REVIEWER):
        groups[name], _ = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(access_admin)

    communication = groups[COMMUNICATION_STAFF]
    for app_label, codename in COMMUNICATION_MODEL_PERMISSIONS:
        communication.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    root_page = Page.objects.get(depth=1)
    for codename in COMMUNICATION_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=communication, page=root_page, permission=permission)
    root_collection = Collection.objects.get(depth=1)
    for app_label, codename in COMMUNICATION_COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=communication, collection=root_collection, permission=permission
        )

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name="Communication staff approval", defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(communication)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[COMMUNICATION_STAFF, INSTITUTION_ADMINISTRATOR, REVIEWER]
    ).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
