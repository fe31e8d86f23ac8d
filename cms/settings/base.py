"""Settings shared by every environment.

Safe by default (DEBUG off) and runnable without any environment variable, so that a
fresh checkout works for development. Production overrides live in production.py.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
# Development-only key; production.py refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "home",
    "meetings",
    "plans",
    "alerts",
    "opendata",
    "wagtail.api.v2",
    "records",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: it stores each anonymous page with the headers every other middleware added (and
    # a hit served here skips them all; cms.wsgi answers hits before Django even starts).
    "cms.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.RejectNullCharactersMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "cms.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.logs.RequestIdMiddleware",
    # The request's Wagtail Site from the cache (no query per request).
    "cms.lookups.SiteLookupMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Posts of the admin's "add case" form run in one transaction (explicit case numbers).
    "meetings.middleware.CaseNumberingTransactionMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a real embedded database for several gunicorn workers: write-ahead logging
    # lets readers work during a write, IMMEDIATE transactions take the write lock at BEGIN
    # (so a transaction never fails half-way when it wants to write), and a writer waits up to
    # SQLITE_TIMEOUT seconds for the lock instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user name and address is refused before the password check.
    "cms.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Norwegian: bokmål by default; nynorsk is chosen per page (see cms.models.DocumentMixin).
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nb", "Norsk bokmål")]

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def redis_cache(url):
    """The Redis cache shared by every app server: pages, fragments, the content generation,
    sessions, rate limits.

    django-redis with IGNORE_EXCEPTIONS: when Redis is unreachable, each cache call is logged
    and answers as a miss, so the site goes on serving (uncached) instead of failing with
    500s; /healthz reports the cache as failing.
    """
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "radhus"),
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

if os.environ.get("REDIS_URL"):
    CACHES = {"default": redis_cache(os.environ["REDIS_URL"])}
    # Sessions read from Redis and written through to the database, so a Redis restart logs
    # nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Anonymous page cache (cms/cache.py): seconds a page is kept; 0 switches it off. Publishing
# makes every cached page stale at once, so this bounds only what changes with the clock
# (the calendar's "coming meetings", registration deadlines).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# The content generation every cached part of a page is kept under (cms/generation.py): with
# Redis in Redis, followed by subscription and checked every RADHUS_GENERATION_CHECK_SECONDS;
# otherwise in a file shared by this machine's processes (default: beside the SQLite database).
RADHUS_GENERATION_FILE = os.environ.get("RADHUS_GENERATION_FILE") or None
RADHUS_GENERATION_CHECK_SECONDS = float(os.environ.get("RADHUS_GENERATION_CHECK_SECONDS", "1"))
# Each process keeps copies of the pages it served, this many bytes at most (cms.cache).
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(32 * 1024 * 1024)))
# Never cached: the admin and its previews, health checks, downloads (their rights per user);
# static and media files are not looked up (WhiteNoise serves them, never stored).
PAGE_CACHE_SKIP = ["/admin/", "/healthz", "/dokumenter/", "/django-admin/", STATIC_URL, MEDIA_URL]

# Background work (e-mail alerts, search indexing) through Django's task framework as Wagtail
# 8 uses it: run at once in the request by default; TASK_BACKEND=database queues them in the
# database (django-tasks-db) for `manage.py db_worker` (see docs/operations.md).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("TASK_BACKEND") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Rådhus"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Used by PostgreSQL's full-text search for Norwegian stemming; ignored on SQLite.
        "SEARCH_CONFIG": "norwegian",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are served by Django so that their privacy rules apply to downloads.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# --- Open data (opendata app): OParl 1.1, Wagtail API v2, sitemap, robots.txt, JSON-LD -------
# The canonical address of the public site, e.g. https://www.kommune.no; empty: the host asked.
RADHUS_BASE_URL = os.environ.get("RADHUS_BASE_URL", "")
RADHUS_OPARL_PAGE_SIZE = 20
# Open-data responses are cached this long, under the content generation (cms.generation), so
# every public change empties them at once.
RADHUS_OPEN_DATA_CACHE_SECONDS = int(os.environ.get("RADHUS_OPEN_DATA_CACHE_SECONDS", "60"))
# The API is read-only for anonymous clients.
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ikke-svar@radhus.example")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Public registration forms (meetings.InvitationPage): at most this many posts per client
# address (django-ratelimit, on the default cache: Redis when REDIS_URL is set), and a form
# posted sooner than REGISTRATION_MIN_SECONDS after it was shown is taken for a bot.
REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "20/h")
REGISTRATION_MIN_SECONDS = float(os.environ.get("REGISTRATION_MIN_SECONDS", "3"))
# The alerts' subscribe form (alerts.views.subscribe): posts per client address, as above.
ALERTS_SUBSCRIBE_RATE = os.environ.get("ALERTS_SUBSCRIBE_RATE", "10/10m")

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request id) for a
# log collector; otherwise plain lines. Every request gets an id (X-Request-ID, cms/logs.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "cms.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per background task is noise on the console.
    "loggers": {"django_tasks": {"level": "WARNING"}, "wagtail": {"level": "WARNING"}},
}

# Let Django serve uploaded media itself (single-server set-up such as `make run`).
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "true").lower() == "true"

# --- Publishing: workflow, locking and concurrent editing (cms version history) ---------------
# A page edited while it is in moderation goes back for approval, so nothing is published
# that the approver has not seen.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Publishing directly cancels a running workflow (Wagtail's default, stated for clarity).
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
# Page locking is on by default: a page locked by one editor cannot be edited by others
# (WAGTAILADMIN_GLOBAL_EDIT_LOCK stays off, so the editor who locked it can still work on it).
# Editors on the same page see each other and are told when someone saves (milliseconds).
WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10_000

# --- Login lockout (django-axes) ------------------------------------------------------------
# After AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that user name
# is refused from that address for AXES_COOLOFF_TIME, even with the right password.
# Unlock early with `manage.py axes_reset_username <name>` (or axes_reset_ip, axes_reset).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.views.login_locked_out"
# Behind reverse proxies, TRUSTED_PROXY_COUNT is how many of them add to X-Forwarded-For;
# the client's address is then read from there (django-ipware), otherwise from the socket.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Wagtail's admin shows avatars from gravatar.com unless told not to: no third-party requests.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Browser-side headers -------------------------------------------------------------------
# Public pages: only this site's own scripts, styles, images and forms; no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# The Wagtail admin (and its previews, which live under /admin/) uses inline scripts and
# styles and shows previews and embeds in frames: a relaxed policy there only.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, "https:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
ADMIN_URL_PREFIX = "/admin/"
# Browser features no page of the site uses are switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
SECURE_REFERRER_POLICY = "same-origin"
