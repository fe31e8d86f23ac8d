"""The admin screens of the editors' journeys show no English, seen in Chromium.

The editor account that `make run` creates logs in and walks through the dashboard, the page
explorer, page search, the edit view of every page type (typing so that autosave runs), the
promote tab, a submission awaiting its approval, history and the file libraries. On every screen
the text a person sees or hears (visible text, placeholders, aria-labels and tooltips; not form
values, rich text being edited or addresses) must not contain any of the English phrases below.
"""

import re
from io import StringIO

import pytest

# Phrases seen in English in the admin before the project catalogue (issue 8), plus neighbours.
ENGLISH = [
    "Collapse all",
    "Expand all",
    "Saved",
    "Saving",
    "Autosave is paused",
    "Autosave",
    "Go to the first error",
    "Request changes",
    "Approve with comment",
    "Approve",
    "Search all pages",
    "Pages",
    "Help",
    "Title tag",
    "Meta description",
    "Slug",
    "Show in menus",
    "Awaiting",
    "LIVE + IN MODERATION",
    "In moderation",
    "Dashboard",
    "Save draft",
    "Publish",
    "Preview",
    "History",
    "Comments",
    "Toggle",
    "Side panel",
    "Keyboard shortcuts",
    "Edit",
    "Delete",
    "Sort",
    "Search",
    "Filter",
    "Workflow",
    "Revision",
    "Documents",
    "Images",
    "Snippets",
    "Reports",
    "Account",
    "Log out",
    "Sign in",
    "Skip to main content",
    "None",
]
PATTERNS = [re.compile(rf"(?<!\w){re.escape(p)}(?!\w)", re.IGNORECASE) for p in ENGLISH]
# Counters such as "1-2 of 2 pages" ("of" is no Norwegian word).
PATTERNS.append(re.compile(r"(?<!\w)of(?!\w)"))
# Words containing a slash or a dot between letters are addresses, paths or file names.
ADDRESS = re.compile(r"\S*(?:/|\w\.\w)\S*")

SCREEN_TEXT = """
() => {
    const skip = "script, style, noscript, template, textarea, [contenteditable='true']";
    const visible = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const el = walker.currentNode.parentElement;
        const text = walker.currentNode.textContent.trim();
        if (text && el && !el.closest(skip) && visible(el)) texts.push(text);
    }
    const labelled = "[aria-label], [placeholder], [data-w-tooltip-content-value], [title]";
    for (const el of document.body.querySelectorAll(labelled)) {
        if (el.closest(skip) || !visible(el)) continue;
        for (const name of ["aria-label", "placeholder", "data-w-tooltip-content-value", "title"]) {
            const value = (el.getAttribute(name) || "").trim();
            if (value) texts.push(value);
        }
    }
    return texts;
}
"""


def english_on_screen(page):
    found = set()
    for text in page.evaluate(SCREEN_TEXT):
        text = ADDRESS.sub(" ", text)
        for pattern in PATTERNS:
            for match in pattern.finditer(text):
                found.add(f"{match.group(0)!r} in {text[:80]!r}")
    return sorted(found)


class Screens:
    """Visits admin screens and collects the English found on each."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.failures = []

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.ok, f"{path}: HTTP {response.status}"
        self.page.wait_for_load_state("networkidle")
        self.check(path)

    def expect(self, label, text):
        if not self.page.get_by_text(text).first.is_visible():
            self.failures.append(f"{label}: {text!r} is not shown")

    def check(self, label):
        for found in english_on_screen(self.page):
            self.failures.append(f"{label}: {found}")


def type_slowly(page, locator, text):
    locator.click()
    for char in text:
        page.keyboard.type(char)
        page.wait_for_timeout(40)


@pytest.fixture
def editor_password(monkeypatch):
    password = "Redaktor-passord-1"
    monkeypatch.setenv("RADHUS_EDITOR_USERNAME", "redaktor")
    monkeypatch.setenv("RADHUS_EDITOR_PASSWORD", password)
    return password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_journeys_in_the_admin_show_no_english(
    live_server, browser_page, editor_password, demo_copy
):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from meetings.models import CasePage, InvitationPage, MeetingPage, MinutesPage
    from meetings.roles import CASE_OFFICERS
    from plans.models import PlanPage

    demo_copy.put()
    call_command("ensure_editor", stdout=StringIO())
    case = CasePage.objects.live().order_by("path").first()
    pages = {
        "case": case,
        "meeting": MeetingPage.objects.live().order_by("path").first(),
        "invitation": InvitationPage.objects.live().order_by("path").first(),
        "minutes": MinutesPage.objects.live().order_by("path").first(),
        "plan": PlanPage.objects.live().order_by("path").first(),
    }
    assert all(pages.values()), pages

    # A case officer submits the case for approval by the body's leaders and the editors.
    officer = get_user_model().objects.create_user("saksbehandler", password="x")
    officer.groups.add(officer.groups.model.objects.get(name=CASE_OFFICERS))
    case.save_revision(user=officer)
    case.get_workflow().start(case, officer)

    page = browser_page
    screens = Screens(page, live_server.url)
    screens.goto("/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", editor_password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")

    # Dashboard (with the submission awaiting the editor's review), explorer, search.
    screens.goto("/admin/")
    screens.expect("dashboard awaiting review", case.title)
    screens.goto("/admin/pages/")
    screens.goto(f"/admin/pages/{case.get_parent().id}/")
    screens.goto(f"/admin/pages/{pages['meeting'].get_parent().id}/")
    screens.goto("/admin/pages/search/?q=plan")

    # Edit view of every page type, with its status side panel and the promote tab.
    for kind, obj in pages.items():
        screens.goto(f"/admin/pages/{obj.id}/edit/")
        page.locator("[data-side-panel-toggle='status']").click()
        screens.check(f"{kind} status panel")
        page.locator("[data-side-panel-toggle='status']").click()
        tabs = page.locator("form [role=tab]")
        for index in range(tabs.count()):
            tabs.nth(index).click()
            screens.check(f"{kind} edit view, tab {tabs.nth(index).inner_text()!r}")

    # Typing into the plan's edit view: autosave runs and says so; with the title emptied it
    # pauses and points to the error; with a title again it saves.
    plan = pages["plan"]
    screens.goto(f"/admin/pages/{plan.id}/edit/")
    indicator = "#w-autosave-indicator[data-w-autosave-state-value='{}']"
    title = page.locator("#id_title")
    # Wagtail notes the form's initial state 2 s after loading; a person reads first, too.
    page.wait_for_timeout(2500)
    type_slowly(page, title, " (revidert)")
    page.locator(indicator.format("saved")).wait_for(timeout=15_000)
    screens.expect("autosave indicator", "Lagret")
    screens.check("plan edit view after autosave")
    title.fill("")
    page.keyboard.type(" ")
    page.locator(indicator.format("paused")).wait_for(timeout=15_000)
    screens.expect("autosave indicator", "Automatisk lagring er satt på pause")
    screens.check("plan edit view with autosave paused")
    page.locator("footer button.action-save").click()
    page.locator("[data-controller='w-count w-focus']").wait_for(state="visible")
    screens.check("plan edit view with errors")

    # The submitted case: the reviewer's action menu and the listing status.
    screens.goto(f"/admin/pages/{case.id}/edit/")
    page.locator("footer .w-dropdown-button [aria-expanded]").first.click()
    page.locator("footer [data-workflow-action-name='reject']").wait_for(state="visible")
    screens.expect("case action menu", "Godkjenn med kommentar")
    screens.check("case action menu")
    page.locator("footer [data-workflow-action-name='reject']").click()
    page.locator(".modal-content form").wait_for(state="visible")
    screens.check("request changes dialog")
    page.keyboard.press("Escape")
    screens.goto(f"/admin/pages/{case.get_parent().id}/")
    screens.expect("explorer listing", "publisert + til godkjenning")
    screens.goto(f"/admin/pages/{case.id}/history/")
    screens.goto(f"/admin/pages/{case.id}/workflow_history/")
    screens.goto("/admin/reports/workflow/")
    screens.goto("/admin/reports/locked/")

    # Libraries and the account.
    screens.goto("/admin/documents/")
    screens.goto("/admin/images/")
    screens.goto("/admin/snippets/")
    screens.goto("/admin/account/")

    assert not screens.failures, "English in the admin:\n" + "\n".join(screens.failures)
