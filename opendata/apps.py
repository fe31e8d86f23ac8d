from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """Read-only open data: OParl 1.1, Wagtail API v2, JSON-LD, robots.txt and the sitemap."""

    name = "opendata"
    verbose_name = _("Åpne data")

    def ready(self):
        from . import signals  # noqa: F401 - tombstones and cache invalidation
