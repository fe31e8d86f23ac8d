"""The serving site and its canonical address, shared by OParl, the sitemap, robots.txt and
JSON-LD."""

from django.conf import settings
from wagtail.models import Site


def base_url(request):
    """`RADHUS_BASE_URL` when set (e.g. https://www.kommune.no), else the request's own host."""
    configured = getattr(settings, "RADHUS_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    return f"{request.scheme}://{request.get_host()}"


def absolute(request, path):
    """An absolute URL for a site-relative `path` (or `path` itself when already absolute)."""
    if not path or "://" in path:
        return path
    return base_url(request) + path


def serving_site(request):
    return Site.find_for_request(request) or Site.objects.select_related("root_page").get(
        is_default_site=True
    )
