"""Text extraction from uploaded documents, so that search finds words inside attachments.

PDFs are read with pypdf when a document is uploaded or replaced (post_save of the document
model) and, for documents uploaded before this existed, when a page using them is indexed.
A broken or encrypted file gives no text, never an error for the editor.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

# Enough for any committee paper; a 2,000-page scan is not read to the end.
MAX_PAGES = 300
MAX_CHARS = 500_000


def extract_pdf_text(file):
    """The text of a PDF file object, or "" when it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            return ""
        parts, length = [], 0
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length >= MAX_CHARS:
                break
    except (PyPdfError, OSError, RecursionError) as error:
        logger.warning("Could not read text from %s: %s", getattr(file, "name", file), error)
        return ""
    except Exception:  # a malformed upload must never break saving or indexing
        logger.exception("pypdf failed on %s", getattr(file, "name", file))
        return ""
    text = "\n".join(parts)[:MAX_CHARS]
    # NUL cannot be stored in PostgreSQL text columns.
    return text.replace("\x00", " ")


def read_document_text(document):
    """Extract and store the text of `document`; returns the DocumentText row."""
    from .models import DocumentText

    text = ""
    if document.file and document.file_extension.lower() == "pdf":
        try:
            with document.open_file() as file:
                text = extract_pdf_text(file)
        except OSError as error:
            logger.warning("Could not open %s: %s", document.file.name, error)
    row, _created = DocumentText.objects.update_or_create(
        document=document, defaults={"text": text, "file_name": document.file.name or ""}
    )
    return row


def document_text(document):
    """The stored text of `document`, read now when it was never read or the file changed."""
    row = getattr(document, "extracted_text", None) if document.pk else None
    if row is None or row.file_name != (document.file.name or ""):
        row = read_document_text(document)
    return row.text


def on_document_saved(sender, instance, **kwargs):
    """post_save of the document model: read the (new) file after the upload is committed."""
    if kwargs.get("raw"):
        return
    transaction.on_commit(lambda: read_document_text(instance))
