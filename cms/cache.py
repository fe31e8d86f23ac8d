"""The anonymous page cache and the cached fragments every page shares.

One rule keeps it correct: everything cached here is stored under the site's *content
generation*, a random token in the cache that any change to published content replaces
(`bump_generation`, connected to Wagtail's and Django's signals in `connect_signals`). A
publish, unpublish, move or delete of any page, or a change to a tag, person, document,
site or site settings, therefore makes every cached page and fragment stale at once: the page
itself, its body, the indexes, home, tag pages, calendar, feeds and sitemaps. Entries of old
generations are never read again and expire after `PAGE_CACHE_SECONDS`.

The page cache (`PageCacheMiddleware`) serves only anonymous GET/HEAD requests and stores only
plain 200 responses that set no cookie (so no session, message or CSRF token: a page with a
form is never stored), are not private, and vary on nothing but the cookie and encoding.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

GENERATION_KEY = "radhus:generation"
# Fields whose saving changes nothing the public sees, so the cache stays: what
# `Page.save_revision` writes when an editor saves a draft (also by autosave), and the size and
# hash a document stores the first time a page shows it.
BOOKKEEPING_FIELDS = frozenset(
    {
        "file_size",
        "file_hash",
        "draft_title",
        "has_unpublished_changes",
        "latest_revision_created_at",
        "latest_revision",
        "locked",
        "locked_at",
        "locked_by",
    }
)
SAFE_VARY = {"cookie", "accept-encoding"}


def timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def generation():
    """The current content generation (created on first use)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, value, None):
            value = cache.get(GENERATION_KEY, value)
    return value


def bump_generation(**kwargs):
    """Make everything cached so far stale (a signal receiver; any sender).

    At once, and again after the transaction commits: a request rendering between the first
    bump and the commit would otherwise store the old content under the new generation.
    """
    new_generation()
    transaction.on_commit(new_generation)


def new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def bump_on_save(sender, instance=None, update_fields=None, raw=False, **kwargs):
    """post_save: bump, unless only bookkeeping fields were saved (a draft, a file size)."""
    if raw or (update_fields and set(update_fields) <= BOOKKEEPING_FIELDS):
        return
    bump_generation()


def cached_fragment(name, build):
    """`build()` cached under the current generation: for parts shared by many pages."""
    key = f"radhus:fragment:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout() or 300)
    return value


def invalidate_on_change(*models):
    """Bump the generation when a row of one of `models` is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        label = model._meta.label_lower
        post_save.connect(bump_on_save, sender=model, dispatch_uid=f"cache_save_{label}")
        post_delete.connect(bump_generation, sender=model, dispatch_uid=f"cache_delete_{label}")


def connect_signals():
    """Bump the generation on every change of pages and of what they show (CmsConfig.ready).

    Apps add their own shown models with `invalidate_on_change` (meetings: Person).
    """
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site, get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import PageTag, SiteSettings

    for model in get_page_models():
        label = model._meta.label_lower
        post_save.connect(bump_on_save, sender=model, dispatch_uid=f"cache_save_{label}")
        post_delete.connect(bump_generation, sender=model, dispatch_uid=f"cache_delete_{label}")
        page_published.connect(bump_generation, sender=model, dispatch_uid=f"cache_pub_{label}")
        page_unpublished.connect(bump_generation, sender=model, dispatch_uid=f"cache_unpub_{label}")
    post_page_move.connect(bump_generation, dispatch_uid="cache_move")
    # A view restriction changes who may see a page (and cms.lookups caches the list).
    invalidate_on_change(
        PageTag,
        SiteSettings,
        Site,
        PageViewRestriction,
        get_document_model(),
        get_image_model(),
    )


class PageCacheMiddleware:
    """Serve anonymous visitors a stored copy of the page for this generation.

    Placed before the session middleware: a hit costs no session, user or database lookup.
    A request with a session or messages cookie (a logged-in editor, a visitor who has just
    registered) always goes to the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.may_serve_from_cache(request):
            return self.get_response(request)
        key = self.key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if request.method == "GET" and self.may_store(request, response):
            headers = [
                (name, value) for name, value in response.headers.items() if name != "X-Cache"
            ]
            cache.set(key, (response.status_code, headers, response.content), timeout())
            response.headers["X-Cache"] = "MISS"
        return response

    def may_serve_from_cache(self, request):
        if not timeout() or request.method not in ("GET", "HEAD"):
            return False
        if any(request.path_info.startswith(prefix) for prefix in settings.PAGE_CACHE_SKIP):
            return False
        cookies = request.COOKIES
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    def may_store(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "is_preview", False):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
        return vary <= SAFE_VARY

    def key(self, request):
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"radhus:page:{generation()}:{digest}"
