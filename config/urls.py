from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from config.api import api_v2, api_v3
from core import nodes, site_history

handler400 = cms_views.bad_request

urlpatterns = [
    # For a load balancer: the process serves; the node reaches database, cache and storages (503 if not).
    path("healthz", nodes.alive, name="healthz"),
    path("readyz", nodes.ready, name="readyz"),
    # Wagtail's site history report, with API token events scoped to the tokens one may manage.
    *site_history.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_v2.urls),
    path("api/v3/", api_v3.urls),
    path("sitemap.xml", sitemap),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages under a language prefix (/nl/, /ru/, /uk/), English without one (P-C3).
urlpatterns += i18n_patterns(
    path("search/", cms_views.search, name="search"),
    path("my/", include("visitors.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
