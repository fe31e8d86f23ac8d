"""Phones: every public page type of the demo at 390 px wide in Chromium.

No page is wider than the screen (nothing pokes out past its right edge except inside a
deliberate scroll container), axe finds no WCAG 2.1 AA violation, tables turn into labelled
stacked rows, the plan timeline's labels stay readable, and a citizen can register on an open
invitation with full-width fields, written required markers and errors next to the fields.

The page checks read the demo loaded once for the module (`live_demo_server`) and check what
templates and stylesheets render, so CI runs them on SQLite only (`rendering`); registering
writes to the database and runs on both.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Elements whose right edge passes the viewport, ignoring those inside a scroll container or
# a clipped (visually hidden) box, which are meant to be there.
OVERFLOW_JS = """() => {
    const width = window.innerWidth;
    const inScroller = (element) => {
        for (let p = element.parentElement; p && p !== document.body; p = p.parentElement) {
            if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) {
                return true;
            }
        }
        return false;
    };
    const out = [];
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.right > width + 0.5 && !inScroller(element)) {
            const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
                + (typeof element.className === "string" && element.className
                    ? "." + element.className.trim().split(/\\s+/).join(".") : "");
            out.push(name + " right=" + Math.round(box.right));
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, width, elements: out};
}"""

# Effective size of the visible timeline's labels, and whether each stays inside its drawing.
TIMELINE_JS = """() => {
    const svgs = [...document.querySelectorAll(".plan-timeline__svg")]
        .filter((svg) => getComputedStyle(svg).display !== "none");
    return svgs.map((svg) => {
        const scale = svg.getScreenCTM().a;
        const frame = svg.getBoundingClientRect();
        return {
            kind: svg.classList.contains("plan-timeline__svg--narrow") ? "narrow" : "wide",
            labels: [...svg.querySelectorAll("text")].map((text) => {
                const box = text.getBoundingClientRect();
                return {
                    text: text.textContent.trim(),
                    px: parseFloat(text.getAttribute("font-size")) * scale,
                    inside: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5,
                };
            }),
        };
    });
}"""


def overflow(page):
    result = page.evaluate(OVERFLOW_JS)
    problems = list(result["elements"])
    if result["scrollWidth"] > result["width"]:
        problems.insert(0, f"page is {result['scrollWidth']} px wide")
    return problems


def axe_violations(page, axe):
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{violation['id']} {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
    ]


def demo_page_type_urls(browser_page, base):
    """One URL of every public page type, the history pages found by following their links."""
    from cms.models import PageTag
    from home.models import HomePage, StandardPage
    from meetings.models import (
        BodyIndexPage,
        BodyPage,
        CasePage,
        InvitationPage,
        MeetingPage,
        MinutesPage,
    )
    from plans.models import PlanIndexPage, PlanPage

    def first(model):
        return model.objects.live().public().first().url

    urls = {
        model.__name__: first(model)
        for model in (
            HomePage,
            StandardPage,
            PlanIndexPage,
            BodyIndexPage,
            BodyPage,
            InvitationPage,
            MinutesPage,
            CasePage,
        )
    }
    # The department plan has the most text; the meeting has an agenda (a stacked table).
    urls["PlanPage"] = PlanPage.objects.get(slug__startswith="kompetanseplan-helse").url
    urls["MeetingPage"] = MeetingPage.objects.get(date=datetime.date(2019, 9, 25)).url
    urls["calendar"] = "/kalender/"
    urls["search"] = "/sok/?q=kompetanse"
    urls["tag index"] = "/tema/"
    urls["tag page"] = f"/tema/{PageTag.objects.values_list('tag__slug', flat=True).first()}/"
    urls["version list"] = urls["MeetingPage"] + "versjoner/"
    browser_page.goto(base + urls["version list"])
    links = browser_page.locator(".version-links a")
    hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
    urls["version detail"] = next(h for h in hrefs if h.rstrip("/").split("/")[-1].isdigit())
    urls["version diff"] = next(h for h in hrefs if h.endswith("/endringer/"))
    return urls


@pytest.mark.browser
@pytest.mark.rendering
def test_every_public_page_type_fits_a_phone_and_meets_wcag_21_aa(live_demo_server, browser_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    urls = demo_page_type_urls(browser_page, live_demo_server.url)
    assert len(urls) == 17
    browser_page.set_viewport_size(PHONE)
    failures = []
    for kind, url in urls.items():
        response = browser_page.goto(live_demo_server.url + url)
        assert response.status == 200, f"{kind} {url}: {response.status}"
        failures += [f"{kind} {url}: {problem}" for problem in overflow(browser_page)]
        failures += [f"{kind} {url}: {problem}" for problem in axe_violations(browser_page, axe)]
        if kind == "search":
            assert browser_page.locator(".search-results li").count() > 0
    assert not failures, "\n".join(failures)


@pytest.mark.browser
@pytest.mark.rendering
def test_tables_stack_into_labelled_rows_on_a_phone_and_stay_tables_on_a_desktop(
    live_demo_server, browser_page
):
    from meetings.models import MeetingPage

    meeting = MeetingPage.objects.get(date=datetime.date(2019, 9, 25))
    browser_page.set_viewport_size(DESKTOP)
    browser_page.goto(live_demo_server.url + meeting.url)
    agenda = browser_page.locator("table.agenda")
    assert agenda.evaluate("t => getComputedStyle(t).display") == "table"
    assert agenda.locator("thead").is_visible()
    number = agenda.locator("tbody td").first
    assert number.evaluate("td => getComputedStyle(td, '::before').content") in ("none", "normal")

    browser_page.set_viewport_size(PHONE)
    browser_page.reload()
    assert agenda.evaluate("t => getComputedStyle(t).display") == "block"
    # Each cell repeats its column header, so "27/19" is read as the case number.
    assert number.get_attribute("data-label") == "Saksnr."
    assert number.evaluate("td => getComputedStyle(td, '::before').content") == '"Saksnr."'
    assert number.inner_text().strip() == "27/19"
    row = agenda.locator("tbody tr").first.bounding_box()
    assert row["x"] >= 0 and row["x"] + row["width"] <= PHONE["width"]


@pytest.mark.browser
@pytest.mark.rendering
def test_plan_timeline_labels_are_readable_and_whole_on_a_phone_and_a_desktop(
    live_demo_server, browser_page
):
    for viewport, kind in ((PHONE, "narrow"), (DESKTOP, "wide")):
        browser_page.set_viewport_size(viewport)
        browser_page.goto(live_demo_server.url + "/planer/")
        (drawing,) = browser_page.evaluate(TIMELINE_JS)
        assert drawing["kind"] == kind
        labels = drawing["labels"]
        assert any("Kompetanseløft 2025" in label["text"] for label in labels)
        small = [label for label in labels if label["px"] < 12]
        assert not small, f"{kind}: labels under 12 px: {small}"
        cut = [label["text"] for label in labels if not label["inside"]]
        assert not cut, f"{kind}: labels cut off: {cut}"
        assert not overflow(browser_page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_citizen_registers_on_a_phone(live_server, browser_page, settings, demo_copy):
    from axe_playwright_python.sync_playwright import Axe

    from meetings.factories import (
        InvitationFormFieldFactory,
        InvitationPageFactory,
        MeetingPageFactory,
    )
    from meetings.models import BodyPage

    demo_copy.put()
    body = BodyPage.objects.get(slug="driftskomiteen")
    meeting = MeetingPageFactory(parent=body, date=timezone.localdate() + datetime.timedelta(40))
    invitation = InvitationPageFactory(
        parent=meeting,
        capacity=20,
        max_per_organisation=3,
    )
    InvitationFormFieldFactory(page=invitation, label="Navn", sort_order=0)
    InvitationFormFieldFactory(
        page=invitation, label="Kommune", sort_order=1, purpose="organisation"
    )
    InvitationFormFieldFactory(
        page=invitation, label="E-post", field_type="email", sort_order=2, purpose="email"
    )
    InvitationFormFieldFactory(page=invitation, label="Allergier", required=False, sort_order=3)
    # The honeypot's time check has its own tests (meetings/tests/test_registration.py).
    settings.REGISTRATION_MIN_SECONDS = 0
    axe = Axe()
    page = browser_page
    page.set_viewport_size(PHONE)

    # The meeting page leads to the form.
    page.goto(live_server.url + meeting.url)
    page.get_by_role("link", name="Meld deg på").click()
    assert page.url == live_server.url + invitation.url + "#pamelding"
    assert "20 plasser av 20 er ledige" in page.locator("#pamelding").inner_text()

    form = page.locator("form.registration-form")
    form_box = form.bounding_box()
    for label in ("Navn", "Kommune", "E-post"):
        field = page.get_by_label(label, exact=False).first
        box = field.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"], label
        assert box["width"] >= form_box["width"] - 1, f"{label} is not full width"
        assert field.get_attribute("required") is not None
        marker = page.locator(f"label[for='{field.get_attribute('id')}']")
        assert "(må fylles ut)" in marker.inner_text()
    assert "(må fylles ut)" not in page.locator("label[for='id_allergier']").inner_text()
    assert page.locator("#id_allergier").get_attribute("required") is None
    assert not overflow(page)
    assert not axe_violations(page, axe)

    # Sending it empty keeps the citizen on the form, each error next to its field.
    page.get_by_label("E-post", exact=False).fill("ikke en adresse")
    page.get_by_role("button", name="Meld på").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    name = page.locator("#id_navn")
    assert name.get_attribute("aria-invalid") == "true"
    assert "id_navn_error" in name.get_attribute("aria-describedby")
    assert page.locator("#id_navn_error").inner_text().strip()
    email = page.locator("#id_e_post")
    assert "id_e_post_error" in email.get_attribute("aria-describedby")
    assert email.input_value() == "ikke en adresse"
    assert not overflow(page)
    assert not axe_violations(page, axe)

    page.locator("#id_navn").fill("Kari Nordmann")
    page.locator("#id_kommune").fill("Molde")
    email.fill("kari@example.org")
    page.get_by_role("button", name="Meld på").click()
    expect(page.get_by_role("heading", name="Påmelding mottatt")).to_be_visible()
    page.goto(live_server.url + invitation.url)
    assert "19 plasser av 20 er ledige" in page.locator("#pamelding").inner_text()
