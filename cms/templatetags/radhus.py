import hashlib

from django import template
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from cms import feeds
from cms.cache import cached_fragment
from cms.site import base_url

register = template.Library()


@register.inclusion_tag("components/main_nav.html", takes_context=True)
def main_nav(context):
    """The main navigation: the live, in-menu children of the site's root page.

    Cached per site until the next publish (cms.cache): every page shows it.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site:
        items = cached_fragment(f"main_nav:{site.pk}", lambda: main_nav_items(site, request))
    current = context.get("page")
    current_path = current.url_path if current else ""
    return {"items": items, "current_path": current_path, "request": request}


def main_nav_items(site, request):
    pages = site.root_page.get_children().live().public().in_menu()
    return [
        {"title": page.title, "url": page.get_url(request), "url_path": page.url_path}
        for page in pages
    ]


def nav_marks(items, current_path):
    """Per navigation item what `main_nav.html` marks: c(urrent), a(ncestor) or -."""
    marks = []
    for item in items:
        path = item["url_path"]
        marks.append("c" if current_path == path else "a" if path in current_path else "-")
    return "".join(marks)


@register.simple_tag(takes_context=True)
def chrome(context, name):
    """`{% include "components/<name>.html" %}` for the header and the footer every page
    shows, rendered once per content generation, site, language and navigation state.

    What they show comes from the site, its settings and the main navigation (all of which
    bump the generation when they change) and the page's language; the header also shows
    which navigation item is the page's section and the search query, so a header with a
    query (the search page) is rendered each time.
    """
    template_name = f"components/{name}.html"
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None or context.get("search_query") or getattr(request, "is_preview", False):
        return get_template(template_name).template.render(context)
    variant = ""
    if name == "header":
        items = cached_fragment(f"main_nav:{site.pk}", lambda: main_nav_items(site, request))
        current = context.get("page")
        match = getattr(request, "resolver_match", None)
        variant = nav_marks(items, current.url_path if current else "") + (
            "k" if match is not None and match.url_name == "calendar" else ""
        )
    key = f"chrome:{name}:{site.pk}:{get_language()}:{variant}"
    html = cached_fragment(key, lambda: get_template(template_name).template.render(context))
    return mark_safe(html)


@register.simple_tag(takes_context=True)
def footer_links(context, site_settings):
    """The footer's links to the about and accessibility pages, cached until the next publish."""
    request = context.get("request")

    def links():
        pages = [site_settings.about_page, site_settings.accessibility_page]
        return [{"url": page.get_url(request), "title": page.title} for page in pages if page]

    return cached_fragment(f"footer_links:{site_settings.site_id}", links)


def page_chrome_key(context, name):
    """The cache key of a fragment that shows the page's place in the site (its breadcrumb
    trail, as HTML or JSON-LD), or None when it must be rendered each time: a preview or an
    old version (their title is not the published one). The key holds the page, its title and
    path, the host (the JSON-LD has absolute URLs) and the language, not the query string."""
    page, request = context.get("page"), context.get("request")
    if (
        request is None
        or not getattr(page, "depth", None)
        or getattr(request, "is_preview", False)
        or context.get("old_version")
    ):
        return None
    parts = f"{page.title}\n{page.url_path}\n{base_url(request)}"
    digest = hashlib.md5(parts.encode()).hexdigest()
    return f"{name}:{page.pk}:{get_language()}:{digest}"


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """The page's ancestors below the tree root (no query after routing), rendered once per
    content generation (`page_chrome_key`)."""
    page = context.get("page")

    def render():
        ancestors = []
        if page is not None and getattr(page, "depth", 0) > 2:
            ancestors = getattr(page, "public_ancestors", None)
            if ancestors is None:
                ancestors = page.get_ancestors().filter(depth__gt=1).live()
        crumbs = {"ancestors": ancestors, "page": page, "request": context.get("request")}
        return get_template("components/breadcrumbs.html").render(crumbs)

    key = page_chrome_key(context, "breadcrumbs")
    return mark_safe(cached_fragment(key, render) if key else render())


class PageFragmentNode(template.Node):
    """What `{% page_fragment %}` encloses, rendered once per content generation and day."""

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        key = fragment_key(context, f"fragment:{self.name}")
        if key is None:
            return self.nodelist.render(context)
        return cached_fragment(key, lambda: self.nodelist.render(context))


def fragment_key(context, name):
    """The key of a `{% page_fragment %}`, or None when it must be rendered each time."""
    request = context.get("request")
    if request is None or request.GET or getattr(request, "is_preview", False):
        return None
    if context.get("page") is not None or context.get("old_version"):
        key = page_chrome_key(context, name)
    else:  # a view that is not a page (the calendar): its address tells what it shows
        digest = hashlib.md5(f"{request.path}\n{base_url(request)}".encode()).hexdigest()
        key = f"{name}:view:{get_language()}:{digest}"
    return key and f"{key}:{timezone.localdate().isoformat()}"


@register.tag
def page_fragment(parser, token):
    """`{% page_fragment "name" %}…{% endpage_fragment %}`: a part of a page that is the same
    for every visitor until the next publish, rendered once per content generation, page (or,
    in a view that is not a page, address), host, language and day (dates decide e.g.
    whether registration is open).

    Never for a preview or an old version (`page_chrome_key`), nor for an address with a
    query string: a list's page or filter is rendered each time, the page as most visitors
    reach it once, and odd queries fill no cache. What it encloses must not
    depend on the request, the visitor or anything that changes without a publish: no
    `{% csrf_token %}`, no form, no counts of registrations. The view's context values it
    reads should be lazy (`cms.models.lazy_context`), so that a cached fragment also saves
    their queries.
    """
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% page_fragment %} takes one quoted name")
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(nodelist, bits[1][1:-1])


@register.simple_tag(takes_context=True)
def page_url(context, param, number, anchor=""):
    """The current URL with `param` set to `number` (other filters kept), plus an anchor."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}" + (f"#{anchor}" if anchor else "")


@register.inclusion_tag("components/feed_links.html", takes_context=True)
def feed_links(context):
    """`<link rel="alternate">` for the feeds that match the page (see cms.feeds)."""
    return {"feeds": feeds.feeds_for_context(context)}
