from django import template
from taggit.models import Tag
from wagtail.models import Page

from cms.feeds import clean_query, feed_pair, has_document_children

from ..forms import SubscribeForm
from ..models import Kind

register = template.Library()


@register.inclusion_tag("alerts/components/follow_box.html", takes_context=True)
def follow_box(context, target, heading):
    """ "Følg …": subscribe by e-mail to a page (body, case), a tag or a search, and its feeds."""
    feeds = []
    if isinstance(target, Page):
        kind, value = Kind.PAGE, target.pk
        if has_document_children(target):
            feeds = feed_pair(heading, "page", page_id=target.pk)
    elif isinstance(target, Tag):
        kind, value = Kind.TAG, target.slug
        feeds = feed_pair(heading, "tag", slug=target.slug)
    else:
        kind, value = Kind.SEARCH, clean_query(str(target or ""))
        feeds = feed_pair(heading, "search", q=value) if value else []
    form = SubscribeForm(initial={"kind": kind, "target": value})
    return {
        "form": form,
        "heading": heading,
        "feeds": feeds,
        "show": bool(value),
        "request": context.get("request"),
    }
