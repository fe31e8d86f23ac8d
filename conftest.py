"""Shared pytest fixtures: a built demo site and a browser when Chromium is installed."""

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def demo_site(db):
    """The full demo site as `load_demo` builds it."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def browser_page(monkeypatch):
    """A Playwright page in Debian's Chromium (skipped when it is not installed)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test
    # itself are ordinary synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="nb-NO", timezone_id="Europe/Oslo")
        yield page
        browser.close()
