"""The sitemap index: /sitemap.xml lists one sitemap per section, each paginated.

One sitemap of every page was a 1.4 MB response costing seconds at 10,000 cases. Each section
is now at most `LIMIT` URLs per page (`/sitemap-saker.xml?p=2`), and every sitemap is served
through the anonymous page cache (cms/cache.py), purged on publish.
"""

from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Max
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Site

from .cache import cached_fragment
from .site import base_url

LIMIT = 2000

# Section name (in the URL) → page models in it; "sider" takes every other page.
SECTIONS = {
    "sider": (),
    "planer": ("plans.PlanPage",),
    "organer": ("meetings.BodyPage",),
    "moter": ("meetings.MeetingPage", "meetings.InvitationPage", "meetings.MinutesPage"),
    "saker": ("meetings.CasePage",),
}


def section_models(name):
    return [apps.get_model(label) for label in SECTIONS[name]]


class CanonicalSitemap(Sitemap):
    """Wagtail's sitemap (live, public pages with `lastmod`), addresses on the real host.

    Wagtail builds each address from the Site record (often http://localhost); the path is
    kept and the scheme and host become `RADHUS_BASE_URL`, else the host that was asked.
    """

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        base = base_url(self.request)
        for url in urls:
            parts = urlsplit(url["location"])
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            url["location"] = base + path
        return urls


class SectionSitemap(CanonicalSitemap):
    """The canonical sitemap of the site's live, public pages, restricted to one section."""

    limit = LIMIT
    section = "sider"
    # Set by `index`: the section's number of pages and newest publication, counted for every
    # section in one query (Django would otherwise load every page of the site for the index).
    known_count = None
    known_lastmod = None

    def get_latest_lastmod(self):
        if self.known_count is not None:
            return self.known_lastmod
        return super().get_latest_lastmod()

    @property
    def paginator(self):
        if self.known_count is None:
            return Paginator(self._items(), self.limit)
        # The index needs only the number of pages: no queryset (Wagtail's `.public()` reads
        # the view restrictions as soon as it is built).
        paginator = Paginator((), self.limit)
        paginator.count = self.known_count
        return paginator

    def items(self):
        pages = super().items()
        if SECTIONS[self.section]:
            return pages.exact_type(*section_models(self.section))
        others = [model for name in SECTIONS for model in section_models(name)]
        return pages.not_exact_type(*others)


SITEMAPS = {
    name: type(f"{name.capitalize()}Sitemap", (SectionSitemap,), {"section": name})
    for name in SECTIONS
}


def section_of(content_type_id):
    label = ContentType.objects.get_for_id(content_type_id).model_class()._meta.label
    return next((name for name, labels in SECTIONS.items() if label in labels), "sider")


def section_counts(request):
    """({section: number of pages}, {section: newest publication}), counted in one query."""
    pages = Sitemap(request).items().values("content_type")
    counts = dict.fromkeys(SECTIONS, 0)
    lastmods = {}
    for row in pages.order_by().annotate(n=Count("pk"), lastmod=Max("last_published_at")):
        name = section_of(row["content_type"])
        counts[name] += row["n"]
        if row["lastmod"] and (name not in lastmods or row["lastmod"] > lastmods[name]):
            lastmods[name] = row["lastmod"]
    return counts, lastmods


def index(request):
    """The sitemap index: one entry per page of each section's sitemap.

    Counting the sections scans every live page, so the counts are kept per content
    generation (cms.cache): the index costs the same whatever the number of pages.
    """
    sitemaps = sitemap_views.prepare_sitemaps(request, SITEMAPS)
    site = Site.find_for_request(request)
    counts, lastmods = cached_fragment(
        f"sitemap_sections:{site.pk if site else ''}", lambda: section_counts(request)
    )
    for name, sitemap in sitemaps.items():
        sitemap.known_count = counts[name]
        sitemap.known_lastmod = lastmods.get(name)
    return sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap_section")


def section(request, section):
    return sitemap_views.sitemap(request, {section: SITEMAPS[section]})
