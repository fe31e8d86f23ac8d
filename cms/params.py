"""Strict parsing of query parameters: bad input gets a clear message or a 404, never a 500.

Python's `int()` accepts signs, spaces, underscores and non-ASCII digits ("٣"), and
`str.isdigit()` is true for "²", which `int()` then refuses. Only plain ASCII digits, with a
bounded length, are numbers here, so the value always fits a database integer column.
"""

import re

from django.http import Http404
from django.utils.translation import gettext_lazy as _

# 18 digits stay below 2**63 - 1, the largest id PostgreSQL and SQLite store.
MAX_DIGITS = 18
DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")
SEARCH_MAX_LENGTH = 200


class InvalidParameter(ValueError):
    """A query parameter that is not what the page expects; `message` is for the visitor."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def parse_int(value, *, min_value=None, max_value=None, message=None):
    """The integer in `value`, or None when it is empty; InvalidParameter when it is not one."""
    value = (value or "").strip()
    if not value:
        return None
    message = message or _("Skriv et heltall med sifrene 0–9.")
    if not DIGITS.fullmatch(value):
        raise InvalidParameter(message)
    number = int(value)
    if (min_value is not None and number < min_value) or (
        max_value is not None and number > max_value
    ):
        raise InvalidParameter(message)
    return number


def parse_year(value):
    """A four-digit year from a filter, or None when the filter is empty."""
    return parse_int(
        value,
        min_value=1900,
        max_value=2100,
        message=_("Skriv årstallet med fire sifre, for eksempel 2025."),
    )


def id_or_404(value):
    """A database id from the URL; anything else (too large, zero) is a page that does not exist."""
    try:
        number = parse_int(str(value), min_value=1)
    except InvalidParameter:
        number = None
    if number is None:
        raise Http404
    return number


def clean_search_query(value):
    """The search words without NUL and other control characters, cut to a sane length.

    Returns (query, message): message tells the visitor when the query was cut.
    """
    text = "".join(ch if ch >= " " and ch != "\x7f" else " " for ch in (value or ""))
    text = " ".join(text.split())
    if len(text) > SEARCH_MAX_LENGTH:
        message = _("Søket er for langt. Bare de første %(limit)s tegnene er brukt.") % {
            "limit": SEARCH_MAX_LENGTH
        }
        return text[:SEARCH_MAX_LENGTH].strip(), message
    return text, None


SLUG = re.compile(r"[-\w]{1,255}")


def slug_or_none(value):
    """A page or tag slug from the query string, or None when it cannot be one."""
    value = (value or "").strip()
    return value if SLUG.fullmatch(value) else None
