import os
import tempfile

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    # On disk, so that document downloads are served as in production.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A live server (conftest.live_gunicorn) passes one MEDIA_ROOT to all its workers.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="radhus-test-media-")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The content generation (cms.generation) of this process, or the one a live server's workers
# share (conftest.serve_live_gunicorn).
RADHUS_GENERATION_FILE = os.environ.get("RADHUS_GENERATION_FILE") or os.path.join(
    tempfile.mkdtemp(prefix="radhus-test-generation-"), "generation"
)
# The page cache is switched on by the tests of it (home/tests/test_page_cache.py) and in live
# servers; other tests read the database on every request.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = True  # noqa: F405
# No static files are collected in tests.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Persistent connections would outlive the live-server thread and block dropping the test DB.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The test database is a file, as in production, not Django's shared in-memory database:
    # there, a request of the live server and the test (or two requests) that meet on a table
    # fail at once with "database table is locked"; here each thread has its own connection
    # and waits for the write lock (write-ahead log, busy timeout) as gunicorn's workers do.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="radhus-test-db-"), "test.sqlite3")
    }
