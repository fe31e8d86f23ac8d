from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Rådhus"

    def ready(self):
        # Models can only be imported once the app registry is ready.
        from django.db.models.signals import post_save
        from wagtail.documents import get_document_model
        from wagtail.models import get_page_models
        from wagtail.signals import page_published

        from . import indexing
        from .cache import connect_signals
        from .documents import on_document_saved
        from .models import BasePage, DocumentPage
        from .versions import record_substantive_change

        indexing.connect(model for model in get_page_models() if issubclass(model, BasePage))

        for model in get_page_models():
            if issubclass(model, DocumentPage):
                page_published.connect(
                    record_substantive_change,
                    sender=model,
                    dispatch_uid=f"record_substantive_change_{model._meta.label_lower}",
                )
        connect_signals()
        post_save.connect(
            on_document_saved, sender=get_document_model(), dispatch_uid="cms_document_text"
        )
