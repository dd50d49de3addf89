"""The portal's roles (platform spec, "Who uses it"), as Django groups created by a migration."""

from django.contrib.auth.management import create_permissions

COMMUNICATION_STAFF = "Communication staff"
INSTITUTION_ADMINISTRATOR = "Institution administrator"
REVIEWER = "Reviewer"

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
