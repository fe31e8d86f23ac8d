"""The anonymous page cache and the cached fragments every page shares.

One rule keeps it correct: everything cached here is stored under the site's *content
generation* (cms/generation.py), a token shared by every process of the site that any change
to published content replaces (`bump_generation`, connected to Wagtail's and Django's signals
in `connect_signals`). A publish, unpublish, move or delete of any page, or a change to a tag,
search promotion, person, document, site or site settings, therefore makes every cached page
and fragment stale at once, on every app server: the page itself, its body, the indexes, home,
tag pages, calendar, feeds and sitemaps. Entries of old generations are never read again and
expire after `PAGE_CACHE_SECONDS`.

The page cache serves only anonymous GET/HEAD requests and stores only plain 200 responses
that set no cookie (so no session, message or CSRF token: a page with a form is never stored),
are not private, and vary on nothing but the cookie and encoding. A page is stored once per
address in the shared cache, as bytes (status, every header, body) tagged with the generation
it was rendered under and when it expires; each process keeps copies of the pages it served
(`LocalPages`), so a hit asks the shared cache nothing unless this process has no copy for the
current generation. `PageCacheWSGI` (cms/wsgi.py) answers hits before Django;
`PageCacheMiddleware`, the first middleware, stores what Django rendered with all its
headers (and answers hits where the wrapper is not in front, as in the test client).
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from .generation import bump_generation, generation, request_generation, source
from .logs import INCOMING_ID

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
# Headers of one request or one answer, never stored with a page.
UNSTORED_HEADERS = {"x-cache", "x-request-id"}
# What the WSGI wrapper leaves in the environ after a miss, so the middleware does not look
# the page up a second time: (key, generation at lookup).
ENVIRON_LOOKUP = "radhus.page_cache"


def timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def bump_on_save(sender, instance=None, update_fields=None, raw=False, **kwargs):
    """post_save: bump, unless only bookkeeping fields were saved (a draft, a file size)."""
    if raw or (update_fields and set(update_fields) <= BOOKKEEPING_FIELDS):
        return
    bump_generation()


def key_digest(*parts):
    """A fixed-length cache key part for values a visitor chooses (a slug, a query, a host):
    no key grows with them or holds characters a cache backend refuses."""
    return hashlib.sha256("\n".join(str(part) for part in parts).encode()).hexdigest()


def cached_fragment(name, build, keep=None):
    """`build()` cached under the current generation: for parts shared by many pages. None is
    not kept (built again next time), nor a value for which `keep(value)` is false."""
    key = f"radhus:fragment:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None and (keep is None or keep(value)):
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
    from taggit.models import Tag
    from wagtail.contrib.search_promotions.models import SearchPromotion
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
        Tag,  # renamed in Django's admin
        SearchPromotion,
        SiteSettings,
        Site,
        PageViewRestriction,
        get_document_model(),
        get_image_model(),
    )


def may_use_cache(environ):
    """Whether a request may be answered from the page cache (and its answer stored).

    Anonymous GET and HEAD only, outside PAGE_CACHE_SKIP. A request whose Cookie header merely
    mentions the session or messages cookie goes to Django too (stricter than parsing it).
    """
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not timeout():
        return False
    if environ.get("PATH_INFO", "").startswith(tuple(settings.PAGE_CACHE_SKIP)):
        return False
    cookies = environ.get("HTTP_COOKIE")
    return not cookies or (
        settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies
    )


def page_key(environ):
    """The cache key of the address a request asks for, from its raw WSGI environ.

    Everything that tells one address from another goes in as it came, unparsed: the scheme
    and the proxy's X-Forwarded-Proto, the host (and X-Forwarded-Host), the script name, path
    and query string. So two requests Django might answer differently never share a key, and
    a key is only ever found if Django stored a page under it: a 200 for an allowed host, over
    the scheme SecurityMiddleware accepted. No content generation in the key: the stored value
    carries the one it was rendered under (`lookup`).
    """
    address = "\n".join(
        (
            environ.get("wsgi.url_scheme", ""),
            environ.get("HTTP_X_FORWARDED_PROTO", ""),
            environ.get("HTTP_HOST")
            or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}",
            environ.get("HTTP_X_FORWARDED_HOST", ""),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
    )
    return "radhus:page:" + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()


def lookup(environ):
    """`(key, current generation, page)`, asking the shared cache only when this process has
    no copy of the page for the current generation (`LocalPages`).

    The page is `(status, headers, body)` when one is stored for this address under the
    current generation and has not expired, else None (a miss: not stored, stored under an
    older generation, or the generation is unreadable, e.g. Redis is down).
    """
    key = page_key(environ)
    current = source().read()  # outside a request's own reading (`request_generation`)
    page = local_pages.get(key, current)
    if page is None:
        stored = cache.get(key)
        page = unpack(stored, current) if stored is not None else None
        if page is not None:
            local_pages.put(key, current, page)
    return key, current, page[:3] if page else None


def pack(current, response, expires):
    """A 200 response as bytes: its generation and expiry (Unix time), status line and
    headers, a blank line, body.

    Header values cannot hold a newline (Django refuses them) and are Latin-1, as WSGI sends
    them. X-Cache and X-Request-ID belong to one request and are not stored.
    """
    content = response.content
    lines = [f"{current} {expires}", f"{response.status_code} {response.reason_phrase}"]
    for name, value in response.items():
        lowered = name.lower()
        if lowered not in UNSTORED_HEADERS and lowered != "content-length":
            lines.append(f"{name}: {value}")
    lines.append(f"Content-Length: {len(content)}")
    return "\n".join(lines).encode("latin-1") + b"\n\n" + content


def unpack(stored, current):
    """`(status, headers, body, expires)` from `pack`'s bytes if stored under `current` and
    not expired, else None."""
    if not isinstance(stored, bytes) or not stored.startswith(current.encode() + b" "):
        return None
    head, _, body = stored.partition(b"\n\n")
    first, status, *lines = head.decode("latin-1").split("\n")
    expires = int(first.partition(" ")[2])
    if expires <= time.time():
        return None
    return status, [tuple(line.split(": ", 1)) for line in lines], body, expires


class LocalPages:
    """This process's copies of the pages it has served, for the current generation only.

    With Redis, a hit on a copy asks Redis nothing: the generation comes from the subscription
    (cms.generation), so a publish on any node still makes every copy stale at once. The copies
    hold at most `PAGE_CACHE_LOCAL_BYTES` of bodies, the least recently used going first, and
    each expires with the shared entry it came from.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.generation = None
        self.pages = OrderedDict()
        self.size = 0

    def get(self, key, current):
        with self.lock:
            if current != self.generation:
                self.pages.clear()
                self.generation, self.size = current, 0
                return None
            page = self.pages.get(key)
            if page is None:
                return None
            if page[3] <= time.time():
                self.size -= len(self.pages.pop(key)[2])
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key, current, page):
        limit = getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)
        with self.lock:
            if current != self.generation or len(page[2]) > limit:
                return
            old = self.pages.pop(key, None)
            if old is not None:
                self.size -= len(old[2])
            self.pages[key] = page
            self.size += len(page[2])
            while self.size > limit:
                self.size -= len(self.pages.popitem(last=False)[1][2])

    def clear(self):
        with self.lock:
            self.pages.clear()
            self.generation, self.size = None, 0


local_pages = LocalPages()


def hit_headers(environ):
    """What a hit adds to the stored headers: X-Cache and the request's id (cms.logs)."""
    incoming = environ.get("HTTP_X_REQUEST_ID", "")
    request_id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
    return [("X-Cache", "HIT"), ("X-Request-ID", request_id)]


class PageCacheWSGI:
    """The hit path in front of Django (cms/wsgi.py): stored bytes out, nothing else run.

    An anonymous GET/HEAD whose page is stored under the current generation is answered
    from one cache round trip (the generation and the page together), without building a
    Django request or running any middleware; the stored headers are the whole response's,
    security headers included. Anything else goes to Django, carrying the lookup in the
    environ so `PageCacheMiddleware` stores the rendered page without looking again.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if may_use_cache(environ):
            key, current, page = lookup(environ)
            if page is not None:
                status, headers, body = page
                start_response(status, headers + hit_headers(environ))
                return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
            environ[ENVIRON_LOOKUP] = (key, current)
        return self.application(environ, start_response)


class PageCacheMiddleware:
    """Store anonymous pages, and serve them where `PageCacheWSGI` is not in front (tests).

    The first middleware, so the stored headers are the whole response's (CSP, HSTS,
    Permissions-Policy, X-Frame-Options, ...) and a hit skips all the others. A request with a
    session or messages cookie (a logged-in editor, a visitor who has just registered) always
    goes to the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        environ = request.META
        if not may_use_cache(environ):
            with request_generation():
                return self.get_response(request)
        if ENVIRON_LOOKUP in environ:
            key, current = environ.pop(ENVIRON_LOOKUP)
        else:
            key, current, page = lookup(environ)
            if page is not None:
                return self.hit(page, environ)
        with request_generation(current):
            # Read before rendering: a page rendered across a publish is stored under the old
            # generation, so it is never served.
            current = generation()
            response = self.get_response(request)
        if request.method == "GET" and self.may_store(request, response):
            expires = int(time.time()) + timeout()
            stored = pack(current, response, expires)
            cache.set(key, stored, timeout())
            page = unpack(stored, current)
            if page is not None:
                local_pages.put(key, current, page)
            response.headers["X-Cache"] = "MISS"
        return response

    def hit(self, page, environ):
        status, headers, body = page
        response = HttpResponse(body, status=int(status[:3]))
        for name, value in headers + hit_headers(environ):
            response.headers[name] = value
        return response

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
