from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Rådhus"

    def ready(self):
        from . import signals  # noqa: F401 - connects the publishing signal handlers
