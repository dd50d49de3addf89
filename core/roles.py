"""The portal's roles (platform spec, "Who uses it"), as Django groups created by a migration."""

from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext_lazy as _

COMMUNICATION_STAFF = "Communication staff"
INSTITUTION_ADMINISTRATOR = "Institution administrator"
REVIEWER = "Reviewer"

ROLE_LABELS = {
    COMMUNICATION_STAFF: _("Communication staff"),
    INSTITUTION_ADMINISTRATOR: _("Institution administrator"),
    REVIEWER: _("Reviewer"),
}

# Page permissions communication staff hold on the whole page tree (P-C4).
COMMUNICATION_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
# Collection permissions for the images and documents they place on pages.
COMMUNICATION_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
# Self-service API tokens, so editors can write through the v3 API within their page rights (P-C5).
COMMUNICATION_MODEL_PERMISSIONS = [
    ("wagtailcore", "add_apitoken"),
    ("wagtailcore", "view_apitoken"),
    ("wagtailcore", "delete_apitoken"),
]


def ensure_permissions(apps):
    """Create model permissions now: Django only makes them after all migrations have run."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_record_permissions(
    apps, app_label, model_names, group_name=INSTITUTION_ADMINISTRATOR, actions=("add", "change", "delete", "view")
):
    """Give a role add/change/delete/view (or some of them) on a domain's record models (a data
    migration's helper)."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{name}" for name in model_names for action in actions]
    group, _created = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
