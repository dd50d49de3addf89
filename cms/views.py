from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

RESULTS_PER_PAGE = 10


def search(request):
    """Site search over published public pages of every language (P-C4)."""
    query = request.GET.get("q", "").strip()
    results = Page.objects.live().public().specific().search(query) if query else Page.objects.none()
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "results": page})


def bad_request(request, exception):
    """400 in the site's layout and the user's language: Django's default renders the template
    without the request, so neither the layout nor the language would be there."""
    return render(request, "400.html", status=400)
