from django import template
from django.utils.safestring import mark_safe

from cms.cache import cached_fragment
from cms.templatetags.radhus import page_chrome_key
from opendata import jsonld

register = template.Library()


@register.simple_tag(takes_context=True)
def page_jsonld(context):
    """BreadcrumbList on every page; the municipality as a GovernmentOrganization on home."""
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page")
    page = page if getattr(page, "depth", None) else None

    def render():
        blocks = [jsonld.breadcrumbs(request, page, context.get("page_title", ""))]
        if page is not None and page.depth == 2:
            blocks.insert(0, jsonld.municipality(request))
        return "".join(jsonld.script(block) for block in blocks)

    # A page's trail is built once per content generation (as its visible breadcrumbs).
    key = page_chrome_key(context, "page_jsonld")
    return mark_safe(cached_fragment(key, render) if key else render())


@register.simple_tag(takes_context=True)
def event_jsonld(context):
    """The meeting (or the meeting an invitation is for) as a schema.org Event."""
    request, page = context.get("request"), context.get("page")
    data = jsonld.event_for(request, page) if request is not None and page is not None else None
    return jsonld.script(data) if data else ""
