"""The content generation: one token for the whole site, replaced by every change the public
could see, and the same at once in every process that serves the site.

Everything kept for the public (pages, fragments, routing; cms/cache.py) is stored under the
generation it was built from, so replacing the token makes all of it stale at once. The token
lives where every process of the site reads it:

- **With Redis** (the default cache is django-redis): in a Redis key, replaced in one script
  with a message on a channel, so the messages come in the order of the values. Each process
  subscribes once and, before each request, takes the messages waiting on its socket: while
  nothing changes a request asks Redis nothing for the generation. It reads the key itself
  when it (re)subscribes and every `RADHUS_GENERATION_CHECK_SECONDS`, so a lost subscription
  or a silent network fault keeps nothing stale for longer than that; without a subscription
  it reads the key on every request.
- **Otherwise**: in a small file, replaced atomically and read on every request, shared by
  gunicorn's workers and the commands run beside them (`publish_scheduled`, a restore).
  `RADHUS_GENERATION_FILE`, or beside the SQLite database, or in the temporary directory
  under the database's name.

When the generation cannot be read (Redis down, an unreadable file) each request gets a new
token of its own, so nothing kept is served and nothing it stores is ever read.
"""

import hashlib
import logging
import os
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# The generation read by the request being served (`request_generation`): a one-item list
# within a request (None until read), None outside one. A context variable: one per thread
# and per task, and a hundredth of asgiref.local.Local's cost to read, many times a request.
_request = ContextVar("radhus_request_generation", default=None)

# KEYS[1] the generation, ARGV[1] the new token, ARGV[2] the channel, ARGV[3] "NX" to only
# create one. Returns the generation now stored.
REPLACE_SCRIPT = """
if ARGV[3] == 'NX' then
    local current = redis.call('GET', KEYS[1])
    if current then return current end
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[1])
return ARGV[1]
"""


def new_token():
    return uuid.uuid4().hex


class FileGeneration:
    """The generation in a file, for the processes of one machine."""

    def __init__(self, path):
        self.path = Path(path)

    def read(self):
        try:
            try:
                # os.open and os.read: a quarter of Path.read_bytes's time, on every request.
                fd = os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                return self.create()
            try:
                value = os.read(fd, 64).decode("ascii").strip()
            finally:
                os.close(fd)
            return value or self.replace()  # emptied by hand: never by this class
        except (OSError, UnicodeDecodeError):
            logger.exception("The content generation file %s cannot be read", self.path)
            return new_token()

    def create(self):
        """A new generation unless another process created one meanwhile (a link fails where
        a file is; where links are not supported, the last of them wins)."""
        value = new_token()
        written = self.write(value)
        try:
            os.link(written, self.path)
        except FileExistsError:
            os.unlink(written)
            return self.read()
        except OSError:
            os.replace(written, self.path)
            return value
        os.unlink(written)
        return value

    def replace(self):
        value = new_token()
        os.replace(self.write(value), self.path)
        return value

    def write(self, value):
        """`value` in a new file beside the generation's, readable by every user of the site."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}-")
        with os.fdopen(fd, "w") as file:
            os.fchmod(fd, 0o644)
            file.write(value)
        return name


class RedisGeneration:
    """The generation in Redis, followed through a subscription (see the module's docstring).

    One per process; thread-safe. A forked child starts without its parent's connections.
    """

    def __init__(self, url, key, check_seconds):
        import redis

        self.client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self.key = key
        # Channels are not per database: the database number keeps two sites on one Redis apart.
        self.channel = f"{key}:{self.client.connection_pool.connection_kwargs.get('db', 0)}"
        self.check_seconds = check_seconds
        self.replace_script = self.client.register_script(REPLACE_SCRIPT)
        self.errors = (redis.RedisError, OSError)
        self.forget()
        os.register_at_fork(after_in_child=self.forget)

    def forget(self):
        """A new start: at creation, and in a forked child (whose parent's lock may be held and
        whose parent's subscription is not its own)."""
        self.lock = threading.Lock()
        self.pubsub = None
        self.value = None
        self.checked = 0.0
        self.retry_at = 0.0

    def read(self):
        with self.lock:
            try:
                value = self.followed()
            except self.errors:
                logger.warning("Lost the subscription to the content generation", exc_info=True)
                self.drop()
                value = None
            if value is None:
                try:
                    value = self.stored()
                except self.errors:
                    logger.warning(
                        "The content generation cannot be read from Redis", exc_info=True
                    )
                    return new_token()
            return value

    def followed(self):
        """The generation from the subscription, or None without one."""
        now = time.monotonic()
        if self.pubsub is None:
            if now < self.retry_at:
                return None
            self.subscribe()
        while (message := self.pubsub.get_message(timeout=0)) is not None:
            if message["type"] == "message":
                self.value = message["data"].decode()
            elif message["type"] == "subscribe":
                # (Re)subscribed: what was published before is not on this socket.
                self.value = None
        if self.value is None or now - self.checked >= self.check_seconds:
            # Messages published before this read are on the socket by now (Redis writes
            # them before it answers); any later one is taken before the next request.
            self.value = self.stored()
            self.checked = now
        return self.value

    def subscribe(self):
        self.retry_at = time.monotonic() + self.check_seconds
        pubsub = self.client.pubsub()
        pubsub.subscribe(self.channel)
        confirmed = pubsub.get_message(timeout=1)
        if not confirmed or confirmed["type"] != "subscribe":
            pubsub.close()
            raise OSError("Redis did not confirm the subscription to the content generation")
        self.pubsub, self.value = pubsub, None

    def drop(self):
        if self.pubsub is not None:
            try:
                self.pubsub.close()
            except self.errors:
                pass
        self.pubsub = None
        self.retry_at = time.monotonic() + self.check_seconds

    def stored(self):
        """The generation in Redis, created (and published) if there is none."""
        return self.replace_script([self.key], [new_token(), self.channel, "NX"]).decode()

    def replace(self):
        value = new_token()
        try:
            self.replace_script([self.key], [value, self.channel, ""])
        except self.errors:
            # As django-redis does with the cache: the site goes on, and nothing kept in an
            # unreachable Redis is read.
            logger.warning("The content generation cannot be replaced in Redis", exc_info=True)
        with self.lock:
            self.value, self.checked = value, time.monotonic()
        return value


_sources = {}


def source():
    """This process's `FileGeneration` or `RedisGeneration`, from the settings in force (read
    on every request, so only dictionary lookups once it exists)."""
    caches, database = settings.CACHES["default"], settings.DATABASES["default"]
    where = (
        caches["BACKEND"],
        caches.get("LOCATION"),
        caches.get("KEY_PREFIX", ""),
        getattr(settings, "RADHUS_GENERATION_FILE", None),
        database.get("NAME"),
    )
    found = _sources.get(where)
    if found is None:
        check = getattr(settings, "RADHUS_GENERATION_CHECK_SECONDS", 1.0)
        if "redis" in caches["BACKEND"].lower():
            key = f"{caches.get('KEY_PREFIX', '')}:radhus:generation"
            found = RedisGeneration(caches["LOCATION"], key, check)
        else:
            found = FileGeneration(generation_file())
        _sources[where] = found
    return found


def generation_file():
    """`RADHUS_GENERATION_FILE`, or where the database in use (the test database in tests)
    puts it: beside an SQLite file, else in the temporary directory under its name."""
    configured = getattr(settings, "RADHUS_GENERATION_FILE", None)
    if configured:
        return Path(configured)
    database = settings.DATABASES["default"]
    name = str(database.get("NAME") or "")
    if database["ENGINE"].endswith("sqlite3") and name and ":memory:" not in name:
        if not name.startswith("file:"):
            return Path(f"{name}-generation")
    where = f"{database.get('HOST')}:{database.get('PORT')}/{name}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"radhus-generation-{digest}"


def generation():
    """The current content generation (created on first use).

    Read once per request (`request_generation`): a page's fragments, routing and page-cache
    entry are all taken from, and stored under, the generation its request began with. A
    publish by this request replaces it at once; one by another request is seen from the next.
    """
    held = _request.get()
    if held is not None and held[0] is not None:
        return held[0]
    value = source().read()
    if held is not None:
        held[0] = value
    return value


@contextmanager
def request_generation(current=None):
    """Within this block (one request), `generation()` is read once: `current` when the
    caller has just read it."""
    token = _request.set([current])
    try:
        yield
    finally:
        _request.reset(token)


def bump_generation(**kwargs):
    """Make everything kept so far stale (a signal receiver; any sender).

    At once, and again after the transaction commits: a request rendering between the first
    bump and the commit would otherwise store the old content under the new generation.
    """
    new_generation()
    transaction.on_commit(new_generation)


def new_generation():
    value = source().replace()
    held = _request.get()
    if held is not None:
        held[0] = value
