"""RSS 2.0 and Atom feeds of new and substantively changed documents.

Generic over every `DocumentPage` type: the whole site, the documents under one page (a body,
the plan index), one tag, one document type, or the documents a search finds. An entry is dated
by the document's last substantive change, and its id carries that date, so a correction
neither adds an entry nor moves one, while a substantive change shows up as new.

Only public text reaches a feed: titles (an exempt case's title is its public title), the
editor's search description, and the page's own text fields that search indexes; nothing at
all but the title of a page that is exempt itself.
"""

import re
from datetime import UTC, datetime
from functools import cache

from django.contrib.syndication.views import Feed
from django.db.models import DateTimeField, TextField
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import path, reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.http import urlencode
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Page, Site, get_page_models
from wagtail.search import index

from .models import DocumentPage, PageTag, SiteSettings
from .text import html_to_text

FEED_SIZE = 50
SUMMARY_WORDS = 60
MAX_QUERY_LENGTH = 200
# Search hits considered for a search feed before they are sorted by date.
SEARCH_CANDIDATES = 500
MAX_PAGE_ID = 2**31 - 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PAGE_FIELDS = {"title", "seo_title", "search_description", "slug", "url_path"}
CONTROL_CHARS_RE = re.compile(r"[\x00-\x1f\x7f]")
QUERY_TERM_RE = re.compile(r"\w[\w\-]*", re.UNICODE)


@cache
def document_models():
    """Every concrete page type that is a document, in a stable order."""
    return tuple(
        sorted(
            (m for m in get_page_models() if issubclass(m, DocumentPage) and not m._meta.abstract),
            key=lambda m: m._meta.label_lower,
        )
    )


def type_slug(model):
    """«saker», «moter», «planer»: the plural name in bokmål as an ASCII slug."""
    with translation.override("nb"):
        name = str(model._meta.verbose_name_plural)
    for letter, ascii_form in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        name = name.replace(letter, ascii_form).replace(letter.upper(), ascii_form)
    return slugify(name)


def model_for_type_slug(slug):
    return next((m for m in document_models() if type_slug(m) == slug), None)


def clean_query(raw):
    """A search query reduced to its words: no control characters, quotes or operators."""
    text = CONTROL_CHARS_RE.sub(" ", raw or "")[:MAX_QUERY_LENGTH]
    return " ".join(QUERY_TERM_RE.findall(text))[:MAX_QUERY_LENGTH]


def search_page_ids(query, limit=SEARCH_CANDIDATES):
    """Ids of live, public pages that Wagtail's search backend finds for `query`."""
    query = clean_query(query)
    if not query:
        return []
    results = Page.objects.live().public().search(query, fields=None, operator="and")
    return [page.pk for page in results[:limit]]


def is_exempt(page):
    """A page that is exempt from public access (the public sees its title only), by the
    exemption rule of the page type (meetings' ExemptMixin); other pages are never exempt."""
    return bool(getattr(page, "is_exempt_for_public", False))


def public_summary(page, words=SUMMARY_WORDS):
    """A short public text about `page`, without queries.

    The editor's search description, or else the page's own text fields that search indexes
    (search indexes only public text); nothing for a page that is exempt itself.
    """
    if is_exempt(page):
        return ""
    if page.search_description:
        return Truncator(page.search_description).words(words)
    fields = {field.name: field for field in page._meta.concrete_fields}
    candidates = [
        fields[search_field.field_name]
        for search_field in page.search_fields
        if isinstance(search_field, index.SearchField)
        and search_field.field_name in fields
        and search_field.field_name not in PAGE_FIELDS
    ]
    # Running text (intro, letter, summary) before short fields such as a place name.
    candidates.sort(key=lambda field: not isinstance(field, TextField))
    for field in candidates:
        value = getattr(page, field.name, None)
        text = " ".join(html_to_text(value).split()) if isinstance(value, str) else ""
        if text:
            return Truncator(text).words(words)
    return ""


def changed_at(page):
    return page.last_substantive_change_at or page.first_published_at


def latest_documents(*, ancestor=None, tag=None, model=None, page_ids=None, limit=FEED_SIZE):
    """The `limit` live, public documents changed last, newest first.

    One query per document type (and Wagtail's one for view restrictions each), whatever the
    number of documents.
    """
    found = []
    for doc_model in (model,) if model else document_models():
        pages = doc_model.objects.live().public()
        if ancestor is not None:
            pages = pages.descendant_of(ancestor)
        if tag is not None:
            pages = pages.filter(pk__in=PageTag.objects.filter(tag=tag).values("content_object_id"))
        if page_ids is not None:
            pages = pages.filter(pk__in=page_ids)
        pages = pages.annotate(
            feed_changed_at=Coalesce(
                "last_substantive_change_at",
                "first_published_at",
                output_field=DateTimeField(),
            )
        ).order_by("-feed_changed_at", "-pk")
        found.extend(pages.select_related("content_type")[:limit])
    found.sort(key=lambda page: (page.feed_changed_at or EPOCH, page.pk), reverse=True)
    return found[:limit]


def with_parent_titles(pages):
    """Set `parent_title` on each page (its body, meeting or plan index), in one query."""
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    titles = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    for page in pages:
        page.parent_title = titles.get(page.path[: -Page.steplen], "")
    return pages


def entry_label(page):
    """«Sak · Driftskomiteen»: the document type and where it belongs."""
    label = str(page.specific_class._meta.verbose_name).capitalize()
    parent = getattr(page, "parent_title", "")
    return f"{label} · {parent}" if parent else label


def municipality_name(request):
    if Site.find_for_request(request) is None:
        return ""
    # Read from the cache like every page's footer; a feed never creates the settings.
    return SiteSettings.for_request(request).municipality_name


class DocumentFeed(Feed):
    """The site's newest and substantively changed documents (RSS 2.0)."""

    feed_type = Rss201rev2Feed
    title_template = None
    description_template = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        # Feeds are read by programs, in bokmål (the site's language).
        with translation.override("nb"):
            return super().__call__(request, *args, **kwargs)

    # The feed ----------------------------------------------------------------------------

    def get_object(self, request, *args, **kwargs):
        return None

    def heading(self, obj):
        return _("Nye og endrede dokumenter")

    def title(self, obj):
        name = municipality_name(self.request)
        heading = self.heading(obj)
        return f"{heading} – {name}" if name else heading

    def description(self, obj):
        return _(
            "Nye saker, møter, innkallinger, referater og planer, og faglige endringer i dem. "
            "Rettelser gir ingen ny oppføring."
        )

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return "/"

    def feed_url(self, obj):
        return self.request.get_full_path()

    def get_feed(self, obj, request):
        self.entries = with_parent_titles(list(self.latest(obj)))
        return super().get_feed(obj, request)

    def items(self, obj):
        return self.entries

    def latest(self, obj):
        return latest_documents()

    # Entries -----------------------------------------------------------------------------

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        label = entry_label(item)
        if is_exempt(item):
            return f"{label}. {item.EXEMPT_LABEL}."
        summary = public_summary(item)
        return f"{label}. {summary}" if summary else f"{label}."

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        # A new id for each substantive change, the same one after a correction.
        stamp = changed_at(item)
        suffix = stamp.strftime("%Y%m%dT%H%M%S") if stamp else "0"
        return self.request.build_absolute_uri(
            f"{item.get_url(request=self.request)}#endret-{suffix}"
        )

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return changed_at(item)

    def item_updateddate(self, item):
        return changed_at(item)


class PageFeed(DocumentFeed):
    """Documents anywhere below one page, such as a body or the plan index."""

    def get_object(self, request, page_id):
        if page_id > MAX_PAGE_ID:
            raise Http404
        page = Page.objects.live().public().filter(pk=page_id).specific().first()
        if page is None:
            raise Http404
        return page

    def heading(self, obj):
        return _("%(page)s: nye og endrede dokumenter") % {"page": obj.title}

    def description(self, obj):
        return _("Nye dokumenter og faglige endringer under «%(page)s».") % {"page": obj.title}

    def link(self, obj):
        return obj.get_url(request=self.request)

    def latest(self, obj):
        return latest_documents(ancestor=obj)


class TagFeed(DocumentFeed):
    def get_object(self, request, slug):
        if CONTROL_CHARS_RE.search(slug):
            raise Http404
        tag = Tag.objects.filter(slug=slug[:200]).first()
        if tag is None:
            raise Http404
        return tag

    def heading(self, obj):
        return _("Tema: %(tag)s") % {"tag": obj.name}

    def description(self, obj):
        return _("Nye dokumenter og faglige endringer med emneknaggen «%(tag)s».") % {
            "tag": obj.name
        }

    def link(self, obj):
        return reverse("tag_page", kwargs={"slug": obj.slug})

    def latest(self, obj):
        return latest_documents(tag=obj)


class TypeFeed(DocumentFeed):
    def get_object(self, request, slug):
        model = model_for_type_slug(slug)
        if model is None:
            raise Http404
        return model

    def heading(self, obj):
        return str(obj._meta.verbose_name_plural).capitalize()

    def description(self, obj):
        return _("Nye og faglig endrede %(type)s.") % {"type": obj._meta.verbose_name_plural}

    def latest(self, obj):
        return latest_documents(model=obj)


class SearchFeed(DocumentFeed):
    def get_object(self, request):
        return clean_query(request.GET.get("q", ""))

    def heading(self, obj):
        return _("Søk: «%(query)s»") % {"query": obj}

    def description(self, obj):
        return _("Nye dokumenter og faglige endringer som søket «%(query)s» finner.") % {
            "query": obj
        }

    def link(self, obj):
        return f"{reverse('search')}?{urlencode({'q': obj})}"

    def latest(self, obj):
        if not obj:
            return []
        return latest_documents(page_ids=search_page_ids(obj))


class AtomMixin:
    feed_type = Atom1Feed


FEEDS = {
    "site": (DocumentFeed, ""),
    "page": (PageFeed, "side/<int:page_id>/"),
    "tag": (TagFeed, "tema/<str:slug>/"),
    "type": (TypeFeed, "type/<slug:slug>/"),
    "search": (SearchFeed, "sok/"),
}
FORMATS = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def _feed_view(feed_class, fmt):
    """A view that makes a feed object per request (a feed keeps the request it serves)."""
    if fmt == "atom":
        feed_class = type(f"Atom{feed_class.__name__}", (AtomMixin, feed_class), {})

    def view(request, *args, **kwargs):
        return feed_class()(request, *args, **kwargs)

    view.feed_class = feed_class
    return view


urlpatterns = [
    path(f"{fmt}/{route}", _feed_view(feed_class, fmt), name=f"feed_{name}_{fmt}")
    for fmt in FORMATS
    for name, (feed_class, route) in FEEDS.items()
]


def feed_url(name, fmt="rss", **kwargs):
    """The URL of a feed: `feed_url("tag", slug="helse")`, `feed_url("search", q="plan")`."""
    query = kwargs.pop("q", None)
    url = reverse(f"feed_{name}_{fmt}", kwargs=kwargs or None)
    if query is not None:
        url += "?" + urlencode({"q": query})
    return url


def feed_pair(title, name, **kwargs):
    """The RSS and the Atom version of one feed, for `<link rel="alternate">` and links."""
    return [
        {"title": title, "url": feed_url(name, fmt, **kwargs), "mime_type": mime, "format": fmt}
        for fmt, mime in FORMATS.items()
    ]


def has_document_children(page):
    """Whether documents can be created below `page` (a body, the plan index); no queries."""
    return not isinstance(page, DocumentPage) and any(
        issubclass(model, DocumentPage) for model in page.specific_class.allowed_subpage_models()
    )


def feeds_for_context(context):
    """The feeds that belong to the page being rendered: site, page, tag or search."""
    request = context.get("request")
    if request is None or context.get("old_version"):
        return []
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match else None
    tag = context.get("tag")
    if url_name == "tag_page" and isinstance(tag, Tag):
        return feed_pair(_("Tema: %(tag)s") % {"tag": tag.name}, "tag", slug=tag.slug)
    if url_name == "search":
        query = clean_query(context.get("search_query", ""))
        if query:
            return feed_pair(_("Søk: «%(query)s»") % {"query": query}, "search", q=query)
        return []
    page = context.get("page")
    if not isinstance(page, Page) or page.specific_class is None:
        return []
    site = Site.find_for_request(request)
    if site is not None and site.root_page_id == page.pk:
        return feed_pair(_("Nye og endrede dokumenter"), "site")
    if has_document_children(page):
        return feed_pair(
            _("%(page)s: nye og endrede dokumenter") % {"page": page.title},
            "page",
            page_id=page.pk,
        )
    return []
