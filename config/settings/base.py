"""Settings shared by every environment; deploy-relevant values come from the environment (P-O1)."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from config.settings.buckets import bucket_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "cms",
    "forms_app",
    "visitors",
    "studysupport",
    "homeschool",
    "portfolio",
    "recognition",
    "correspondence",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.table_block",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    # Swagger UI of /api/v3/docs/ from django-ninja's own static files (without it: from a CDN).
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every response but static files (core/csp.py, settings below).
    "core.csp.ContentSecurityPolicyMiddleware",
    # Anonymous GETs of the public site from the cache, before sessions, language and views (cms/page_cache.py).
    "cms.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin in the signed-in user's language, its error pages included (core/admin_language.py).
    "core.admin_language.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that throttled logins are answered before any view runs (P-O4).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
# Behind PgBouncer in transaction mode (DATABASE_POOLER=pgbouncer, README "Running on several machines"):
# no server-side cursors, which live beyond a transaction on one server connection.
if os.environ.get("DATABASE_POOLER") == "pgbouncer":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server-side cursor (``QuerySet.iterator()``: an export, a purge) is read to its end: plan it
    # for every row, not for the first tenth as PostgreSQL does for a cursor by default (nested
    # loops over indexes that took twice as long as the hash joins for 10 000 pupils, issue 15.8).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c cursor_tuple_fraction=1")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Login throttling (P-O4): five failures per user name and address lock for one hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# The client's address as the forms' rate limit reads it (FORMS_CLIENT_ADDRESS_HEADER below): behind a
# reverse proxy the address it forwards, not the proxy's own, which every user would share.
AXES_CLIENT_IP_CALLABLE = "core.network.client_address"

# Content-Security-Policy (django-csp, core/csp.py), enforced. Public pages and the API: scripts and
# styles from the portal only, our inline scripts by a per-response nonce, no inline styles or event
# handlers, nothing from another origin, no framing but by the portal itself (the admin's preview).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],  # the nonce only for the browsable API's highlighting (templates/rest_framework)
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Wagtail 8's admin (and what runs under /admin/: preview, records, prints) needs inline scripts and
# styles: its date choosers and inline panels render <script> elements, also in HTML fetched later
# for modals and listings, which no nonce reaches; image uploads preview as blob: URLs. Inline event
# handlers stay forbidden.
CONTENT_SECURITY_POLICY_PATHS = {
    "/admin/": {
        "script-src": [SELF, UNSAFE_INLINE],
        "script-src-attr": [NONE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
    },
}

# Languages (P-C3): every page in its own language; the admin in all four.
LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# The portal's zone, for what belongs to no institution; each institution's own zone shows its
# records' times and counts its days (Institution.time_zone).
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True
# Per language, the dates people type (before Django's own locale formats) and, in English, dates
# written day first, never 12/04/2026 (core/formats).
FORMAT_MODULE_PATH = ["core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Outside the public web root: uploaded imports and applicants' documents (P-F4).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Files through Django's storages only (core/storage.py): "default" for public media (Wagtail images
# and documents), "private" for applicants' uploads, records' documents, import and export files.
# On one machine two folders; with AWS_S3_ENDPOINT_URL two buckets of an S3-compatible store, which
# every web node and worker shares (README "Running on several machines").
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if AWS_S3_ENDPOINT_URL:
    STORAGES.update(bucket_storages(os.environ))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Shared by every web process, so the public forms' rate limits count together (P-F5): files
# on one host (CACHE_LOCATION, a path all workers can write to), or Redis when the portal runs
# on several hosts (REDIS_URL, e.g. redis://127.0.0.1:6379/0).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_LOCATION", str(BASE_DIR / "cache")),
        }
    )
}
# Seconds an anonymous page, search or API listing is served from the cache at most (0: no page cache);
# publishing, unpublishing, moving or deleting a page ends every entry at once (cms/page_cache.py).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# Seconds live key figures (studysupport/figures.py) are served from the cache at most; a change of
# a record they count ends the entries at once, a bulk write (an import's batch) within this time.
FIGURES_CACHE_SECONDS = int(os.environ.get("FIGURES_CACHE_SECONDS", "300"))
# Public application forms (P-F4, P-F5): upload size, and submissions per client and form page.
FORMS_MAX_UPLOAD_BYTES = int(os.environ.get("FORMS_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
# What an upload's check reads before refusing it (issue 16.10): a picture's pixels, read from its
# header before anything decodes it, and a DOCX or ODT archive's members and unpacked size.
FORMS_MAX_IMAGE_PIXELS = int(os.environ.get("FORMS_MAX_IMAGE_PIXELS", str(50_000_000)))
FORMS_MAX_UNPACKED_BYTES = int(os.environ.get("FORMS_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024)))
FORMS_MAX_ARCHIVE_MEMBERS = int(os.environ.get("FORMS_MAX_ARCHIVE_MEMBERS", "1000"))
# A visitor's one-time sign-in link (issue 14 item 8) and the session it opens.
VISITOR_LINK_MINUTES = int(os.environ.get("VISITOR_LINK_MINUTES", "30"))
VISITOR_SESSION_SECONDS = int(os.environ.get("VISITOR_SESSION_SECONDS", str(8 * 3600)))
FORMS_RATE_LIMIT = (int(os.environ.get("FORMS_RATE_LIMIT", "20")), 3600)
# Behind a reverse proxy every request comes from the proxy: name the header it sets (HTTP_X_FORWARDED_FOR).
# The login lock reads the client's address the same way (AXES_CLIENT_IP_CALLABLE).
FORMS_CLIENT_ADDRESS_HEADER = os.environ.get("FORMS_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")

# Wagtail's own small jobs (search and reference index) run in the request; large imports
# (P-X6) and e-mails (a slow mail server must not slow a form or the admin) go to the database
# queue, which works on SQLite and PostgreSQL and needs no broker:
# `python manage.py db_worker --backend background` works them off (make run starts one).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# Files with more rows than this are checked and imported in the background.
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "2000"))
# A larger upload is not even read inside the request (issue 15.5): the worker reads and counts it.
IMPORT_BACKGROUND_BYTES = int(os.environ.get("IMPORT_BACKGROUND_BYTES", str(256 * 1024)))
# Exports of more rows than this are written by a background job and downloaded when complete;
# fewer stream at once, well within a web worker's timeout (issue 15.5: at about 10 000 rows a
# second for XLSX on this machine, 20 000 rows take 2 s of gunicorn's 30).
EXPORT_STREAM_MAX_ROWS = int(os.environ.get("EXPORT_STREAM_MAX_ROWS", "20000"))
# A records list counts its rows exactly up to this many; past it, on PostgreSQL, it shows the
# planner's estimate ("about 1 001 414 pupils") instead of scanning every row on every page.
LIST_EXACT_COUNT = int(os.environ.get("LIST_EXACT_COUNT", "50000"))
# What an import reads of a file before a cell (issue 16.5: a zip bomb, a sheet declaring a million
# empty rows): an XLSX's unpacked size, its sheet's declared rows and columns.
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(512 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "1000000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "200"))

# P-O3: how long personal data stays once its case has ended. A new institution's period, where no
# regulation sets one (each institution may change its own); an uploaded import file's days after
# its last job ended. `manage.py purge_expired` deletes what has expired.
RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "5"))
IMPORT_FILES_KEPT_DAYS = int(os.environ.get("IMPORT_FILES_KEPT_DAYS", "30"))
# A background export's file, days after it was written (its list is there to export again).
EXPORT_FILES_KEPT_DAYS = int(os.environ.get("EXPORT_FILES_KEPT_DAYS", "7"))

# Lazy: the dashboard and the page-deletion dialogs name the portal in the user's language (P-C3).
WAGTAIL_SITE_NAME = _("Education portal")
# No avatars from gravatar.com: staff e-mail hashes stay on the portal, and the admin works offline.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a version check at releases.wagtail.org from the dashboard (the lock file pins Wagtail; CSP connect-src).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_SEARCH_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}

# Audit (P-H1): the user of the request is recorded on every history row.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Dates as people type them in Ghent, Russia and Ukraine, and ISO (P-X5).
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"]
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail logs every page action and django-tasks every job at INFO: too chatty for a console.
    "loggers": {
        name: {"level": "WARNING"} for name in ("django.db.backends", "django_tasks", "wagtail", "axes", "weasyprint")
    },
}
