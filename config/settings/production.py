"""Production: every secret from the environment, HTTPS only, hashed static files (P-O1, P-O2, P-O4)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")

# No mail would go out with the development default (the console), and the recipients would land in
# the server's log: production starts only with a backend chosen explicitly (console included).
if "EMAIL_BACKEND" not in os.environ:
    raise ImproperlyConfigured(
        "Set the EMAIL_BACKEND environment variable: django.core.mail.backends.smtp.EmailBackend "
        "with EMAIL_HOST and its companions, or the console backend explicitly."
    )

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer asks for the health endpoints over plain HTTP, inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Behind a proxy set FORMS_CLIENT_ADDRESS_HEADER=HTTP_X_FORWARDED_FOR: the forms' rate limit and the
# login lock (P-O4, AXES_CLIENT_IP_CALLABLE in base) then count per client, not per proxy.
