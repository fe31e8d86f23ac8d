"""Plain text of rich text, for version diffs, search text and e-mail."""

import re
from html import unescape

from django.utils.html import strip_tags
from wagtail.rich_text import RichText

BLOCK_BREAK_RE = re.compile(r"</(p|h[1-6]|li|tr|blockquote|div)>|<br\s*/?>", re.IGNORECASE)


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
