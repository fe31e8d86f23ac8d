"""Shared pytest fixtures: a built demo site and a browser when Chromium is installed."""

import pytest


@pytest.fixture
def demo_site(db):
    """The full demo site as `load_demo` builds it."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    from home.models import HomePage

    return HomePage.objects.get()
