"""Document downloads whose file is gone from storage (e.g. a database restored without its
media) answer with a Norwegian 404 page and an error in the log, never a 500."""

import logging

from django.template.response import TemplateResponse
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
