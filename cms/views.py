from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Page

from .cache import cached_fragment, key_digest
from .params import clean_search_query
from .search import SORT_RELEVANCE, SORTS, SiteSearch, promotions
from .site import base_url
from .tags import tag_type_counts, tagged_page_ids, tags_in_use


def search(request):
    """Full-text search over every live, public page and its public attachments (cms.search).

    The visitor's text is parsed into words and quoted phrases by Wagtail before it reaches the
    full-text engine, so quotes, operators and control characters are never its syntax. Facets
    (type, body, year, tag) and the sort order come from the query string; bad values get a
    message, never an error.
    """
    query, query_message = clean_search_query(request.GET.get("q"))
    site_search = SiteSearch(query, request.GET)
    shown = site_search.shown(request.GET.get("side"), request)
    return TemplateResponse(
        request,
        "cms/search.html",
        {
            "search_query": query,
            "query_message": query_message,
            "filter_messages": site_search.messages,
            "results": shown["page"],
            "result_items": shown["items"],
            "facets_html": shown["facets_html"],
            "chosen": site_search.chosen,
            "sort": site_search.sort,
            "sort_urls": {
                sort: site_search.query_string(sortering=None if sort == SORT_RELEVANCE else sort)
                for sort in SORTS
            },
            "unfiltered_url": site_search.query_string(**dict.fromkeys(SiteSearch.FACET_PARAMS)),
            "total": shown["total"],
            "promotions": promotions(query) if shown["page"].number == 1 else [],
            "page_title": _("Søk"),
        },
    )


TAGGED_PER_PAGE = 20


def tag_index(request):
    """Every tag in use on the published site, with how many documents carry it."""
    tags = sorted(tags_in_use(), key=lambda tag: tag.name.lower())
    return TemplateResponse(
        request, "cms/tag_index.html", {"tags": tags, "page_title": _("Alle temaer")}
    )


def tag_page(request, slug):
    """Every published document with the tag, newest first, across types, filterable by type."""
    tag = get_object_or_404(Tag, slug=slug)
    type_counts = tag_type_counts(tag)
    types = []
    for content_type_id, count in type_counts.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        model = content_type.model_class()
        if model is None:
            continue
        types.append(
            {
                "value": f"{content_type.app_label}.{content_type.model}",
                "label": str(model._meta.verbose_name_plural).capitalize(),
                "count": count,
                "id": content_type_id,
            }
        )
    types.sort(key=lambda item: item["label"])
    selected = request.GET.get("type", "")
    selected_type = next((t for t in types if t["value"] == selected), None)
    # The order of every tagged page is kept per content generation; only the shown page's
    # rows are read on each request.
    type_id = selected_type["id"] if selected_type else None
    ids = tagged_page_ids(tag, type_id)
    page_obj = Paginator(ids, TAGGED_PER_PAGE).get_page(request.GET.get("side"))

    def items_html():
        shown = Page.objects.filter(pk__in=page_obj.object_list).select_related("content_type")
        by_pk = {page.pk: page for page in shown}
        items = []
        for pk in page_obj.object_list:
            page = by_pk.get(pk)
            if page is None:
                continue
            model = page.content_type.model_class()
            items.append(
                {
                    "title": page.title,
                    "url": page.get_url(request),
                    "published": page.first_published_at,
                    "type_label": str(model._meta.verbose_name).capitalize() if model else "",
                }
            )
        if not items:
            return ""
        return render_to_string("components/tagged_list.html", {"items": items, "tag": tag})

    # The shown list too, rendered per list, page number, host (its addresses) and language;
    # the filter and page number are checked above, so the keys are as many as the lists'
    # pages.
    digest = key_digest(tag.pk, type_id, page_obj.number, get_language(), base_url(request))
    html = mark_safe(cached_fragment(f"tag_page_items:{digest}", items_html))
    return TemplateResponse(
        request,
        "cms/tag_page.html",
        {
            "tag": tag,
            "items_html": html,
            "page_obj": page_obj,
            "types": types,
            "selected_type": selected_type,
            "total": sum(type_counts.values()),
            "page_title": _("Tema: %(tag)s") % {"tag": tag.name},
        },
    )


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a page in the admin's look, in Norwegian."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return TemplateResponse(
        request,
        "cms/lockout.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    ).render()
