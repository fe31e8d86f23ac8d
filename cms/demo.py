"""Helpers for the demo loaders (`manage.py load_demo`): create-once pages and documents."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Orderable, PageLogEntry, Revision

from .versions import ChangeKind

OSLO = timezone.get_default_timezone()


def oslo(year, month, day, hour=12, minute=0):
    """An aware datetime in Europe/Oslo, for dates taken from the source documents."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def ensure_page(parent, model, slug, *, published_at=None, **fields):
    """Return the child of `parent` with `slug`, creating and publishing it the first time.

    Existing pages are left exactly as they are, so running the loader again changes nothing
    (and never overwrites an editor's changes). `published_at` back-dates the first
    publication to the date printed on the source document.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    for value in fields.values():
        number_orderables(value)
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    if published_at is not None:
        date_history(page, published_at)
    return page, True


def publish_version(page, published_at, change_note, **changes):
    """Publish a later version of a demo document, dated `published_at` (a substantive change).

    `changes` are field values and inline rows (lists) of the new version. Earlier versions
    keep their dates; the page's "last substantive change" becomes `published_at`.
    """
    earlier = list(
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .order_by("pk")
        .values_list("timestamp", flat=True)
    )
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        number_orderables(value)
        setattr(draft, name, value)
    draft.change_kind, draft.change_note = ChangeKind.SUBSTANTIVE, change_note
    draft.save_revision().publish()
    date_history(page, *earlier, published_at)
    page.refresh_from_db()
    return page


def date_history(page, *published_at):
    """Date a demo page's publications as its source document does, instead of today.

    `published_at` gives the date of each publication in order. The page's first/last
    published dates, each published revision's creation date and every audit log entry (the
    public version history and the admin's history read them) follow; a later publication
    also dates the "last substantive change" it made.
    """
    entries = list(PageLogEntry.objects.filter(page_id=page.pk).order_by("pk"))
    published = 0
    for entry in entries:
        when = published_at[min(published, len(published_at) - 1)]
        PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=when)
        if entry.action != "wagtail.publish":
            continue
        revision = Revision.objects.filter(pk=entry.revision_id).first()
        if revision is not None:
            revision.created_at = when
            if published:  # a later, substantive version: dated by its publication
                content = dict(revision.content or {})
                content["last_substantive_change_at"] = when.isoformat()
                revision.content = content
            revision.save(update_fields=["created_at", "content"])
        published += 1
    dates = {
        "first_published_at": published_at[0],
        "last_published_at": published_at[-1],
        "latest_revision_created_at": published_at[-1],
    }
    specific = type(page)
    if len(published_at) > 1 and hasattr(page, "last_substantive_change_at"):
        dates["last_substantive_change_at"] = published_at[-1]
    specific.objects.filter(pk=page.pk).update(**dates)
    page.refresh_from_db()


def number_orderables(value):
    """Give inline rows passed as a list their order, as the admin's formsets would.

    Without it every `sort_order` is NULL and PostgreSQL returns the rows in any order.
    """
    if isinstance(value, list | tuple):
        for position, row in enumerate(value):
            if isinstance(row, Orderable) and row.sort_order is None:
                row.sort_order = position


def ensure_document(title, filename, content, collection=None):
    """A Wagtail document with `title`, created once from `content` (bytes)."""
    document_model = get_document_model()
    document = document_model.objects.filter(title=title).first()
    if document is None:
        document = document_model(title=title)
        if collection is not None:
            document.collection = collection
        document.file.save(filename, ContentFile(content), save=False)
        document.save()
    return document


def simple_pdf(title, lines=()):
    """A small, valid one-page PDF with a title and some lines of text (Helvetica, Latin-1)."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream_lines = ["BT", "/F1 16 Tf", "50 780 Td", f"({escape(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        stream_lines += ["0 -20 Td", f"({escape(line)}) Tj"]
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
