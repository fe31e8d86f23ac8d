"""The one exemption filter of the open-data channels (OParl and the Wagtail API).

It never restates the rule: it asks the models' own answers (`CasePage.exempt`, and
`ExemptMixin.is_exempt_for_public` for agenda items, minutes items and attachments, which
covers rows linked to an exempt case). An attachment also follows the case it belongs to.
"""

from meetings.models import CaseAttachment, CasePage
from meetings.models.mixins import ExemptMixin


def is_exempt(obj):
    """Whether the public may see no more of `obj` than its public title and legal basis."""
    if isinstance(obj, CasePage):
        return obj.exempt
    if isinstance(obj, ExemptMixin):
        if obj.is_exempt_for_public:
            return True
        if isinstance(obj, CaseAttachment):
            return obj.page.exempt
    return False


def public_title(obj):
    """The title the public may see of `obj` (exempt or not)."""
    if isinstance(obj, ExemptMixin) and is_exempt(obj):
        return obj.public_exempt_title or obj.page.title
    return getattr(obj, "full_title", None) or obj.title


def exempt_basis(obj):
    """The legal basis shown for exempt `obj`."""
    if isinstance(obj, CasePage):
        return obj.exempt_basis
    if obj.is_exempt_for_public:
        return obj.public_exempt_basis
    return obj.page.exempt_basis  # an attachment of an exempt case


def without_exempt(queryset, *related):
    """`queryset` without the objects the rule hides: each is asked once (one query)."""
    hidden = [obj.pk for obj in queryset.select_related(*related) if is_exempt(obj)]
    return queryset.exclude(pk__in=hidden) if hidden else queryset
