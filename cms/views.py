from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

RESULTS_PER_PAGE = 10


def search(request):
    """Full-text search over every live, public page (PostgreSQL: Norwegian stemming)."""
    query = request.GET.get("q", "").strip()
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("side"))
    return TemplateResponse(
        request,
        "cms/search.html",
        {
            "search_query": query,
            "results": page,
            "page_title": _("Søk"),
        },
    )
