"""gunicorn settings for `make run` and the live-server tests (`--bind` comes from the caller).

gunicorn 23 and later send `Server: gunicorn` without a version number; nothing here adds one.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Sync workers: with SQLite's busy timeout a waiting writer blocks only its own worker.
worker_class = "sync"
timeout = 60
graceful_timeout = 30
# Request limits: a request line or header longer than this is refused with 400 by gunicorn.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# Trust X-Forwarded-* only from a proxy on this host (nginx, Caddy); see TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
