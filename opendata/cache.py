"""A short-lived response cache for the open-data endpoints, keyed by URL and emptied on
publish (every key carries a generation number that a publish moves on)."""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "opendata:generation"


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        cache.set(GENERATION_KEY, value, None)
    return value


def invalidate():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def response_key(request):
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
    return f"opendata:{generation()}:{digest}"


def timeout():
    return getattr(settings, "RADHUS_OPEN_DATA_CACHE_SECONDS", 60)
