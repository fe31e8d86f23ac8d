"""Readable plain text of a page's fields, for version diffs.

Document page types describe their public fields with `public_diff_fields()`; the generic
fallback here (`readable_fields`) is used by a type that does not, and by those helpers
themselves to turn rich text and StreamField values into text.
"""

import datetime
import re
from html import unescape

from django.db import models
from django.utils import formats
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText

BLOCK_BREAK_RE = re.compile(r"</(p|h[1-6]|li|tr|blockquote|div)>|<br\s*/?>", re.IGNORECASE)

# Fields of Page, BasePage and DocumentPage that are not the document's content.
NON_CONTENT_FIELDS = {
    "language",
    "tags",
    "last_substantive_change_at",
    "change_note",
    "change_kind",
}


def html_to_text(html):
    """Rich text (Wagtail's stored HTML) as plain text, one line per paragraph or list item."""
    if html is None:
        return ""
    if isinstance(html, RichText):
        html = html.source
    text = BLOCK_BREAK_RE.sub("\n", str(html))
    text = strip_tags(text)
    lines = [" ".join(line.split()) for line in unescape(text).splitlines()]
    return "\n".join(line for line in lines if line)


def block_to_text(block, value):
    """One StreamField/ListBlock/StructBlock value as text, using the block's searchable text."""
    parts = block.get_searchable_content(value)
    return "\n".join(" ".join(str(part).split()) for part in parts if str(part).strip())


def stream_to_text(stream_value):
    """A StreamField value as text: one paragraph per block."""
    if not stream_value:
        return ""
    paragraphs = []
    for child in stream_value:
        text = block_to_text(child.block, child.value)
        if text:
            paragraphs.append(text)
    return "\n".join(paragraphs)


def value_to_text(field, value):
    """The value of a model field as readable text."""
    if value is None or value == "":
        return ""
    if isinstance(field, StreamField):
        return stream_to_text(value)
    if isinstance(field, RichTextField):
        return html_to_text(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Ja") if value else _("Nei")
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "d.m.Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d.m.Y")
    return str(value)


def readable_fields(page):
    """(label, text) for the title and every content field the page's own type declares."""
    page_field_names = {field.name for field in Page._meta.get_fields()}
    fields = [(capfirst(_("tittel")), page.title)]
    for field in page._meta.get_fields():
        if (
            not getattr(field, "concrete", False)
            or field.name in page_field_names
            or field.name in NON_CONTENT_FIELDS
            or field.auto_created
            or "exempt" in field.name
        ):
            continue
        if isinstance(field, models.ForeignKey):
            value = getattr(page, field.name, None)
        else:
            value = field.value_from_object(page)
        fields.append((capfirst(str(field.verbose_name)), value_to_text(field, value)))
    return fields
