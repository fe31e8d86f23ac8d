from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("E-postvarsler")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import get_page_models
        from wagtail.signals import page_published

        from cms.models import DocumentPage

        from .outbox import record_publication

        # One receiver per document type: other pages (bodies, indexes) alert no one.
        for model in get_page_models():
            if issubclass(model, DocumentPage):
                page_published.connect(
                    record_publication, sender=model, dispatch_uid=f"alerts-{model._meta.label}"
                )
