"""Rate limits on the public forms (registration, alerts): django-ratelimit on the default
cache, so that several workers and app servers share the counts when REDIS_URL is set."""

from axes.helpers import get_client_ip_address
from django_ratelimit.core import is_ratelimited


def client_key(group, request):
    """The client's address as the admin login lockout reads it (TRUSTED_PROXY_COUNT)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"


def over_limit(request, group, rate):
    """Counts this post of the client in `group`; True once it is over `rate` (e.g. "20/h")."""
    return is_ratelimited(
        request, group=group, key=client_key, rate=rate, method="POST", increment=True
    )
