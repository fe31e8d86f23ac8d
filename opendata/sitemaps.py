"""The sitemap with the canonical host: `RADHUS_BASE_URL`, else the host that was asked."""

from urllib.parse import urlsplit

from wagtail.contrib.sitemaps import Sitemap

from .site import base_url


class CanonicalSitemap(Sitemap):
    """Wagtail's sitemap (live, public pages with `lastmod`), addresses on the real host.

    Wagtail builds each address from the Site record (often http://localhost); the path is
    kept and the scheme and host are replaced.
    """

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        base = base_url(self.request)
        for url in urls:
            parts = urlsplit(url["location"])
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            url["location"] = base + path
        return urls
