"""Site-wide lookups that every public request would otherwise repeat, cached per generation.

Each is stored with `cms.cache.cached_fragment`, so any change to published content, a site,
its settings or a view restriction (see `cms.cache.connect_signals`) makes it stale at once:

- the `Site` serving a host and port, with its root page in its specific form
  (`SiteLookupMiddleware` hands it to Wagtail as `request._wagtail_site`, which
  `Site.find_for_request` reads first);
- the page view restrictions and the alias pages, so that Wagtail's check on every page
  (`BasePage.get_view_restrictions`) and `.public()` (`PublicPageQuerySet.private_q`) need no
  query for a page outside a private section.
"""

from django.db.models import Q
from django.http.request import split_domain_port
from wagtail.models import PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.query import PageQuerySet

from .cache import cached_fragment


def find_site(hostname, port):
    """The Site for `hostname`:`port` as Wagtail matches it, root page specific; or None."""

    def build():
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None
        site.root_page = site.root_page.specific
        return site

    return cached_fragment(f"site:{hostname}:{port}", build)


class SiteLookupMiddleware:
    """Give Wagtail the request's Site from the cache instead of a query per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            hostname = split_domain_port(request._get_raw_host())[0]
            site = find_site(hostname, request.get_port())
            if site is not None:
                request._wagtail_site = site
        return self.get_response(request)


def restrictions():
    """{"restricted": [(page path, restriction id)], "aliases": [alias page paths]}."""
    from wagtail.models import Page

    def build():
        return {
            "restricted": list(
                PageViewRestriction.objects.values_list("page__path", "pk").order_by("page__path")
            ),
            # "> 0" rather than "IS NOT NULL", unordered: SQLite then reads the few aliases
            # through the alias_of index instead of scanning every page in path order (17 ms
            # at 12,000 pages).
            "aliases": list(
                Page.objects.filter(alias_of_id__gt=0).order_by().values_list("path", flat=True)
            ),
        }

    return cached_fragment("view-restrictions", build)


def restricted_paths():
    return [path for path, _pk in restrictions()["restricted"]]


def view_restriction_ids(page):
    """Ids of the restrictions on `page` and its ancestors, or None when an alias is involved
    (aliases take their source's restrictions: Wagtail's own lookup handles them)."""
    known = restrictions()
    if page.alias_of_id or any(page.path.startswith(path) for path in known["aliases"]):
        return None
    return [pk for path, pk in known["restricted"] if page.path.startswith(path)]


class PublicPageQuerySet(PageQuerySet):
    """`.public()` from the cached list of restricted sections instead of a query each time."""

    def private_q(self):
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        # No page matches when no private section exists (as Wagtail's own).
        return q if q else Q(pk__in=[])


def live_public_pages():
    """`Page.objects.live().public()`, with the private sections from the cache."""
    from wagtail.models import Page

    return PublicPageQuerySet(Page).live().public()


def related_rows(instance, name, *select_related):
    """The rows of `instance.<name>`: the prefetched ones when a listing has prefetched them
    (the search results, see `search_result_prefetch`), else one query with `select_related`."""
    manager = getattr(instance, name)
    if name in getattr(instance, "_prefetched_objects_cache", {}):
        return manager.all()
    return manager.select_related(*select_related)


def attach_parents(pages, parent_model):
    """Load the parents of `pages` (all of `parent_model`) in one query and keep each on its
    child, where treebeard's `get_parent()` finds it."""
    if not pages:
        return
    steplen = parent_model.steplen
    parents = {
        parent.path: parent
        for parent in parent_model._default_manager.filter(
            path__in={page.path[:-steplen] for page in pages}
        )
    }
    for page in pages:
        parent = parents.get(page.path[:-steplen])
        if parent is not None:
            page._cached_parent_obj = parent
