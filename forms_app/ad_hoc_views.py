"""The submissions list of ad-hoc form pages (P-F6), searchable over the submitted values."""

import json

from django.db.models import Q
from wagtail.contrib.forms.views import SubmissionsListView


class SearchableSubmissionsListView(SubmissionsListView):
    """Wagtail's submissions list with a search over the submitted values."""

    is_searchable = True

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        # Stored JSON escapes non-ASCII on some databases (SQLite): look for both spellings.
        escaped = json.dumps(self.search_query)[1:-1]
        return queryset.filter(Q(form_data__icontains=self.search_query) | Q(form_data__icontains=escaped))
