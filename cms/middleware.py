"""Request-wide guards that no single view can give."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import Http404


class RejectNullCharactersMiddleware:
    """A path with a NUL character names no page: answer 404 before any database lookup.

    PostgreSQL refuses NUL in text values, so `/politikk/%00/` would otherwise end as a 500 in
    Wagtail's page routing. Query-string values are cleaned by the views (cms.params).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY), relaxed only for the admin.

    The Wagtail admin and its page previews live under ADMIN_URL_PREFIX and need inline scripts
    and styles; every public page gets the strict policy without 'unsafe-inline'.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts


class PermissionsPolicyMiddleware:
    """Switch off browser features (camera, microphone, geolocation...) for every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
