"""A real 403 when staff open an admin area their role does not include.

Wagtail answers a denied admin view with a redirect to the dashboard and a flash message;
for user management that hides from clients and tests alike that the door is locked.
Raising PermissionDenied lets Django answer 403 with ``templates/403.html``.
"""

from django.core.exceptions import PermissionDenied


def permission_denied(request):
    raise PermissionDenied


def install():
    from wagtail.admin import auth

    auth.permission_denied = permission_denied
