"""The public site's page cache (issue 15.3, P-H1): anonymous GETs of published pages, search
and the API v2 listings, served from Django's cache (Redis when ``REDIS_URL`` is set, the file
cache otherwise) without touching the database.

wagtail-cache is the maintained library for this, but its releases stop short of Wagtail 8; this
is the same design on Django's cache. Every entry's key holds the site's *generation*, a value
kept in the same cache and replaced whenever a page, a site, an image, a document, a redirect or
the public site's settings change (published, unpublished, moved, deleted): after publishing,
no one is served the page as it was. Live figures count records, which change without touching
a page: entries also expire after ``PAGE_CACHE_SECONDS``.

Only what is the same for everyone is kept: a request carrying a session (a signed-in editor, a
family, a visitor who gave a page's password) passes by, and so does any response that set a
cookie or used the CSRF token, so form pages keep their own token and one-time token.
Browsers revalidate every time (``no-cache``) with the entry's ETag, answered 304 when unchanged.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_cache_control

from core import generations

GENERATION_KEY = "page-cache:generation"
# Apps whose rows make up what a public page shows.
CONTENT_APPS = {"wagtailcore", "wagtailimages", "wagtaildocs", "wagtailredirects", "taggit", "cms"}
# Never cached: the admin, documents (their collections may be private), the language switch,
# the API v3 (its tokens see more than the public).
PASSING_PREFIXES = ("/admin/", "/documents/", "/i18n/", "/api/v3/", "/django-admin/")


def generation():
    """The site's generation (core.generations)."""
    return generations.current(GENERATION_KEY)


def new_generation(**kwargs):
    generations.renew(GENERATION_KEY)


def connect_signals():
    for model in apps.get_models():
        if model._meta.app_label in CONTENT_APPS:
            post_save.connect(new_generation, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
            post_delete.connect(new_generation, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
    m2m_changed.connect(new_generation, dispatch_uid="page-cache-m2m")


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.PAGE_CACHE_SECONDS > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path_info.startswith(PASSING_PREFIXES)
    )


def _cacheable_response(request, response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in control
        and "no-store" not in control
    )


def _key(request, generation):
    """The entry of this address in this generation, in the language the request would be answered in
    (a path outside the language prefixes, the API, is answered in the browser's)."""
    language = translation.get_language_from_request(request, check_path=True)
    address = hashlib.sha256(f"{language} {request.build_absolute_uri()}".encode()).hexdigest()
    return f"page-cache:{generation}:{address}"


def _answer(request, entry):
    unchanged = request.headers.get("If-None-Match") == entry["etag"]
    response = HttpResponseNotModified() if unchanged else entry["response"]
    response["ETag"] = entry["etag"]
    patch_cache_control(response, no_cache=True, public=True)
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request, generation())
        if entry := cache.get(key):
            return _answer(request, entry)
        response = self.get_response(request)
        if not _cacheable_response(request, response):
            return response
        entry = {"response": response, "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'}
        cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        return _answer(request, entry)
