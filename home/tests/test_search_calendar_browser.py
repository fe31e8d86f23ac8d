"""The search facets and the calendar's month grid in Chromium: WCAG 2.1 AA and keyboard only."""

import os

import pytest

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 390)
SEARCH = "/sok/?q=kompetanse"
MONTH = "/kalender/?maned=2014-09"
# Screenshots for a person to look at, when RADHUS_SCREENSHOTS names a folder.
SCREENSHOTS = os.environ.get("RADHUS_SCREENSHOTS")


def axe_violations(page, selector):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    results = Axe().run(page, context={"include": [[selector]]}, options=options)
    return [
        f"{v['id']} {[node['target'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def tab_until(page, selector, limit=150):
    """Press Tab until the focused element is inside `selector`; returns its text."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"!!document.activeElement.closest({selector!r})"):
            return page.evaluate("document.activeElement.textContent.trim()")
    raise AssertionError(f"Tab never reached {selector}")


@pytest.fixture
def demo_live(live_server, demo_copy):
    demo_copy.put()
    return live_server


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_search_facets_pass_axe_and_work_by_keyboard(demo_live, browser_page, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_live.url + SEARCH)
    assert page.locator(".search-facets").is_visible()
    failures = axe_violations(page, "main")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/search-{width}.png", full_page=True)
    assert not failures, "\n".join(failures)
    before = page.locator(".search-count").text_content()
    chosen = tab_until(page, ".search-facets")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "type=" in page.url or "organ=" in page.url or "ar=" in page.url or "tema=" in page.url
    after = page.locator(".search-count").text_content()
    assert (
        after != before
        and chosen.split(" (")[0] in page.locator(".facet-chosen").first.text_content()
    )
    assert not axe_violations(page, "main")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_calendar_month_grid_passes_axe_and_works_by_keyboard(demo_live, browser_page, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_live.url + MONTH)
    failures = axe_violations(page, "main")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/calendar-{width}.png", full_page=True)
    assert not failures, "\n".join(failures)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    text = tab_until(page, ".month-grid")
    assert text.startswith("Kompetanseforum")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/politikk/kompetanseforum/moter/2014-09-04/")
    # The current month marks today; on phones the grid is a list of the busy days.
    page.goto(demo_live.url + "/kalender/")
    assert page.locator('.month-grid [aria-current="date"]').count() == 1
    if width < 600:
        assert page.locator(".month-grid thead").bounding_box()["height"] <= 1
