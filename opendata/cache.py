"""A short-lived response cache for the open-data endpoints, keyed by URL under the site's
content generation (cms.generation), so every public change empties it at once, in every
process."""

import hashlib

from django.conf import settings

from cms.generation import generation


def response_key(request):
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
    return f"opendata:{generation()}:{digest}"


def timeout():
    return getattr(settings, "RADHUS_OPEN_DATA_CACHE_SECONDS", 60)
