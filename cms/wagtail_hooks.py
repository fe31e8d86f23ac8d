"""Document downloads whose file is gone from storage (e.g. a database restored without its
media) answer with a Norwegian 404 page and an error in the log, never a 500; the admin's
autosave keeps what is typed while it saves."""

import logging

from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

logger = logging.getLogger(__name__)


@hooks.register("before_serve_document", order=100)
def missing_document_file(document, request):
    """After the access check (meetings), so a closed document stays 403 whatever its file."""
    if document.file and document.file.storage.exists(document.file.name):
        return None
    logger.error(
        "Document %s (%r) has no file in storage: %s",
        document.pk,
        document.title,
        document.file.name,
    )
    return TemplateResponse(
        request, "cms/document_missing.html", {"document": document}, status=404
    )


@hooks.register("insert_global_admin_js")
def autosave_guard_js():
    """Text typed while an autosave is on its way is saved by the next one (js/autosave-guard.js:
    Wagtail takes the whole form as saved when an autosave succeeds)."""
    return format_html('<script src="{}"></script>', static("js/autosave-guard.js"))
