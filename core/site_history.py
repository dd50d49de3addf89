"""Wagtail's "Site history" report (/admin/reports/site-history/) and each API token's history
(/admin/api-tokens/history/<pk>/), with API token events scoped.

Wagtail shows a log entry to everyone who holds any permission on its model. Communication staff
hold the API token permissions to make their own tokens (P-C5), so the stock report listed every
user's token events, with each token's name and display prefix, and a token's history page opened
for any token. Here a user sees the events of the tokens they may manage in Settings → API tokens
(Wagtail's own rule, as its token list and edit view apply it: their own, or, with the right to
change users, those of the users they manage; a superuser all), and everything else as Wagtail
shows it. config/urls.py serves these views at Wagtail's URLs.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import APIToken
from wagtail.users.utils import get_manageable_token_owners
from wagtail.users.views.api_tokens import APITokenViewSet


def scope_token_entries(queryset, user):
    """Drop from a log entry queryset the events of API tokens ``user`` may not manage."""
    if user.is_superuser or not any(field.name == "object_id" for field in queryset.model._meta.get_fields()):
        return queryset
    token_type = ContentType.objects.get_for_model(APIToken)
    manageable = APIToken.objects.filter(user__in=get_manageable_token_owners(user)).values_list("pk", flat=True)
    return queryset.filter(~Q(content_type=token_type) | Q(object_id__in=[str(pk) for pk in manageable]))


class SiteHistoryView(LogEntriesView):
    def filter_queryset(self, queryset):
        return super().filter_queryset(scope_token_entries(queryset, self.request.user))


class TokenHistoryView(HistoryView):
    """A token's history opens only for a token the user may manage: 404 otherwise, as Wagtail's
    token edit and revoke views scope their lookups."""

    def get_base_object_queryset(self):
        return super().get_base_object_queryset().filter(user__in=get_manageable_token_owners(self.request.user))


class ScopedAPITokenViewSet(APITokenViewSet):
    history_view_class = TokenHistoryView


# The same names as Wagtail's registered viewset, so its views reverse the same URLs.
_tokens = ScopedAPITokenViewSet("wagtailusers_api_tokens", url_prefix="api-tokens")


def _admin_view(view):
    return never_cache(require_admin_access(view))


# Before Wagtail's admin URLs, so these answer the report's URLs (and their names still reverse).
urlpatterns = [
    path("admin/reports/site-history/", _admin_view(SiteHistoryView.as_view())),
    path("admin/reports/site-history/results/", _admin_view(SiteHistoryView.as_view(results_only=True))),
    path("admin/api-tokens/history/<str:pk>/", _admin_view(_tokens.history_view)),
    path("admin/api-tokens/history-results/<str:pk>/", _admin_view(_tokens.history_results_view)),
]
