"""/healthz for load balancers and monitoring: is the database there, is the cache there."""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache():
    key = f"radhus:healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    try:
        return cache.get(key) == "ok"
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
def healthz(request):
    """200 with {"status": "ok", ...} when every check passes, else 503 naming the failure."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "error"
        except Exception as error:  # noqa: BLE001 - any failure is "unhealthy", never a 500
            results[name] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503
    )
