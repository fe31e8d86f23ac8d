import hashlib

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from taggit.models import Tag
from wagtail.models import Page

from cms.cache import cached_fragment
from cms.feeds import clean_query, feed_pair, has_document_children

from ..forms import SubscribeForm
from ..models import Kind

register = template.Library()


@register.simple_tag
def follow_box(target, heading):
    """ "Følg …": subscribe by e-mail to a page (body, case), a tag or a search, and its feeds.

    The box holds an empty form (no CSRF token, nothing of the visitor), so the box of a page or
    a tag is rendered once per content generation and language (cms.cache); a search's is not
    cached (its key would be whatever a visitor typed).
    """
    if isinstance(target, Page):
        kind, value = Kind.PAGE, target.pk
    elif isinstance(target, Tag):
        kind, value = Kind.TAG, target.slug
    else:
        kind, value = Kind.SEARCH, clean_query(str(target or ""))

    def render():
        feeds = []
        if kind == Kind.PAGE and has_document_children(target):
            feeds = feed_pair(heading, "page", page_id=value)
        elif kind == Kind.TAG:
            feeds = feed_pair(heading, "tag", slug=value)
        elif kind == Kind.SEARCH and value:
            feeds = feed_pair(heading, "search", q=value)
        form = SubscribeForm(initial={"kind": kind, "target": value})
        context = {"form": form, "heading": heading, "feeds": feeds, "show": bool(value)}
        return get_template("alerts/components/follow_box.html").render(context)

    if kind == Kind.SEARCH:
        return render()
    heading_key = hashlib.md5(str(heading).encode()).hexdigest()
    key = f"follow_box:{kind}:{value}:{get_language()}:{heading_key}"
    return mark_safe(cached_fragment(key, render))
