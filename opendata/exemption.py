"""The one exemption filter of the open-data channels (OParl and the Wagtail API).

It never restates the rule: it asks the models' own answers (`ExemptMixin.is_exempt_for_public`
in Python and `public()` / `exempt_for_public_q()` in SQL, which cover cases, and agenda items,
minutes items and attachments whose case is exempt now).
"""

from meetings.models.mixins import ExemptMixin, ExemptRowMixin


def is_exempt(obj):
    """Whether the public may see no more of `obj` than its public title and legal basis."""
    return isinstance(obj, ExemptMixin) and obj.is_exempt_for_public


def public_title(obj):
    """The title the public may see of `obj` (exempt or not)."""
    if isinstance(obj, ExemptRowMixin) and is_exempt(obj):
        return obj.public_exempt_title or obj.page.title
    return getattr(obj, "full_title", None) or obj.title


def exempt_basis(obj):
    """The legal basis shown for exempt `obj`."""
    return obj.public_exempt_basis


def without_exempt(queryset, *related):
    """`queryset` without the objects the rule hides, in SQL (one query, however many)."""
    return queryset.exclude(queryset.model.exempt_for_public_q())
