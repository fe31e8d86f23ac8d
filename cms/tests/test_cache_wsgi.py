"""The page cache's hit path in front of Django (cms.wsgi): one cache round trip, stored bytes.

The WSGI application is called in-process with a plain environ, as gunicorn calls it.
"""

import io
import time

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from cms import cache as page_cache
from cms.generation import new_generation, source
from cms.settings.base import redis_cache

SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.SECURE_HSTS_SECONDS = 3600
    settings.X_FRAME_OPTIONS = "SAMEORIGIN"


@pytest.fixture
def case_url(module_demo_site, db):
    from meetings.models import CasePage

    return CasePage.objects.live().get(url_path__endswith="/saker/2019-27/").url


@pytest.fixture
def app(settings):
    """cms.wsgi's application: the page cache in front of Django's WSGI handler.

    Like Django's test client, the request signals leave the test's database connection
    open (it would otherwise be closed inside the test's transaction).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield page_cache.PageCacheWSGI(WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = dict(headers)
        self.header_list = headers
        self.body = body


def call(app, path, method="GET", scheme="https", **headers):
    """One request to the WSGI application, as gunicorn would make it behind the proxy."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if scheme == "https":
        environ["HTTP_X_FORWARDED_PROTO"] = "https"
    environ.update(
        {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    )
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"], started["headers"] = status, response_headers

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Answer(started["status"], started["headers"], body)


@pytest.fixture
def https_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_a_hit_is_the_stored_page_with_every_header_it_had(app, case_url, https_proxy):
    first = call(app, case_url)
    assert first.status == "200 OK"
    assert first.headers["X-Cache"] == "MISS"
    for header in SECURITY_HEADERS:
        assert header in first.headers, header

    hit = call(app, case_url, x_request_id="lastbalanserer-1")
    assert hit.status == "200 OK"
    assert hit.headers["X-Cache"] == "HIT"
    assert hit.body == first.body
    # Every header of the rendered page, security headers included, and nothing stale.
    for name, value in first.headers.items():
        if name not in ("X-Cache", "X-Request-ID", "Content-Length"):
            assert hit.headers[name] == value, name
    assert hit.headers["Content-Length"] == str(len(first.body))
    assert hit.headers["X-Request-ID"] == "lastbalanserer-1"
    assert len(call(app, case_url).headers["X-Request-ID"]) == 32


def test_a_hit_asks_the_cache_nothing_and_runs_no_query(app, case_url, django_assert_num_queries):
    call(app, case_url)
    calls = []

    def counting(name):
        original = getattr(page_cache.cache, name)

        def count(*args, **kwargs):
            calls.append(name)
            return original(*args, **kwargs)

        return count

    with django_assert_num_queries(0), pytest.MonkeyPatch.context() as patch:
        for name in ("get", "get_many"):
            patch.setattr(page_cache.cache, name, counting(name))
        hit = call(app, case_url)
        assert hit.headers["X-Cache"] == "HIT"
        assert calls == []  # this process's copy
        page_cache.local_pages.clear()  # as in another worker, which has no copy yet
        assert call(app, case_url).headers["X-Cache"] == "HIT"
        assert calls == ["get"]
        assert call(app, case_url).headers["X-Cache"] == "HIT"
        assert calls == ["get"]


def test_a_miss_is_looked_up_once_and_stored_under_the_current_generation(app, case_url):
    lookups = []
    original = page_cache.lookup

    def counting(environ):
        lookups.append(environ["PATH_INFO"])
        return original(environ)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(page_cache, "lookup", counting)
        assert call(app, case_url).headers["X-Cache"] == "MISS"
    assert lookups == [case_url]
    stored = cache.get(page_cache.page_key(call_environ(case_url)))
    assert stored.startswith(page_cache.generation().encode() + b" ")
    assert stored.split(b"\n")[1] == b"200 OK"


def call_environ(path):
    return {
        "wsgi.url_scheme": "http",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_HOST": "testserver",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
    }


def test_a_page_of_an_older_generation_is_never_served(app, case_url):
    call(app, case_url)
    assert call(app, case_url).headers["X-Cache"] == "HIT"
    new_generation()  # what a publish anywhere does
    again = call(app, case_url)
    assert again.headers["X-Cache"] == "MISS"
    assert call(app, case_url).headers["X-Cache"] == "HIT"
    source().path.unlink()  # the generation is lost: a new one is made, nothing is reused
    assert call(app, case_url).headers["X-Cache"] == "MISS"
    assert call(app, case_url).headers["X-Cache"] == "HIT"


def test_an_expired_page_is_not_served_from_any_copy(app, case_url, settings):
    settings.PAGE_CACHE_SECONDS = 2
    call(app, case_url)
    assert call(app, case_url).headers["X-Cache"] == "HIT"
    time.sleep(2.1)
    assert call(app, case_url).headers["X-Cache"] == "MISS"


def test_the_copies_of_one_process_stay_within_their_size(app, case_url, settings):
    first = call(app, case_url)
    settings.PAGE_CACHE_LOCAL_BYTES = len(first.body) * 2 + 10
    for number in range(2, 6):
        call(app, f"{case_url}?side={number}")
    assert page_cache.local_pages.size <= settings.PAGE_CACHE_LOCAL_BYTES
    assert len(page_cache.local_pages.pages) == 2
    # The least recently used went first; what went is still in the shared cache.
    assert call(app, case_url).headers["X-Cache"] == "HIT"


def test_publishing_shows_the_new_version_through_the_wsgi_hit_path(app, case_url):
    from meetings.models import CasePage

    call(app, case_url)
    assert call(app, case_url).headers["X-Cache"] == "HIT"
    case = CasePage.objects.get(url_path__endswith="/saker/2019-27/")
    case.title = "Reglement for godtgjøring, vedtatt på nytt"
    case.save_revision().publish()
    fresh = call(app, case_url)
    assert fresh.headers["X-Cache"] == "MISS"
    assert "Reglement for godtgjøring, vedtatt på nytt" in fresh.body.decode()


def test_visitors_with_a_session_or_message_and_other_addresses_go_to_django(app, case_url):
    call(app, case_url)
    assert call(app, case_url).headers["X-Cache"] == "HIT"
    for cookie in ("sessionid=abc", "csrftoken=x; messages=y"):
        assert call(app, case_url, cookie=cookie).headers.get("X-Cache") != "HIT", cookie
    # Another cookie changes nothing; another scheme, host or query is another address.
    assert call(app, case_url, cookie="csrftoken=x").headers["X-Cache"] == "HIT"
    assert call(app, case_url, scheme="http").headers["X-Cache"] == "MISS"
    assert call(app, case_url, host="localhost").headers["X-Cache"] == "MISS"
    assert call(app, case_url + "?side=2").headers["X-Cache"] == "MISS"
    assert call(app, case_url, method="POST").headers.get("X-Cache") is None


def test_head_is_served_from_the_cache_without_a_body(app, case_url):
    first = call(app, case_url)
    head = call(app, case_url, method="HEAD")
    assert head.headers["X-Cache"] == "HIT"
    assert head.body == b""
    assert head.headers["Content-Length"] == str(len(first.body))


def test_an_unknown_host_is_refused_not_served(app, case_url):
    call(app, case_url)
    refused = call(app, case_url, host="angriper.example")
    assert refused.status.startswith("400")
    assert "X-Cache" not in refused.headers


def test_with_redis_a_hit_asks_redis_nothing_and_a_publish_elsewhere_ends_it_at_once(
    app, case_url, settings, redis_url
):
    """The page and the generation as several app servers share them: in Redis (a key prefix
    of this test's own), the generation followed by subscription."""
    import redis

    from cms.generation import RedisGeneration

    prefix = f"radhus-test-wsgi-{new_generation()}"
    settings.CACHES = {"default": {**redis_cache(redis_url), "KEY_PREFIX": prefix}}
    settings.RADHUS_GENERATION_CHECK_SECONDS = 60
    assert call(app, case_url).headers["X-Cache"] == "MISS"
    commands = []
    original = redis.Redis.execute_command

    def counting(self, *args, **kwargs):
        commands.append(args[0])
        return original(self, *args, **kwargs)

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(redis.Redis, "execute_command", counting)
            hit = call(app, case_url)
            assert hit.headers["X-Cache"] == "HIT"
            assert "Content-Security-Policy" in hit.headers
            assert commands == []
            page_cache.local_pages.clear()  # another worker of this server: one GET
            assert call(app, case_url).headers["X-Cache"] == "HIT"
            assert commands == ["GET"]
        # Another app server publishes: its message ends every copy here at once.
        elsewhere = RedisGeneration(redis_url, f"{prefix}:radhus:generation", 60)
        elsewhere.replace()
        assert call(app, case_url).headers["X-Cache"] == "MISS"
        assert call(app, case_url).headers["X-Cache"] == "HIT"
    finally:
        cache.clear()
