"""The authentication backend that applies django-axes' login lockout."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout for every login that comes with a request.

    A web login always has one (the Wagtail admin's login view passes it). Calls without a
    request, such as the test client's `login()` or a script, have no client address to lock
    and are left to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
