"""No exempt string reaches the public, nor admin users without rights to its body.

The site is built the way editors build it: through the admin's edit view (rows added in later
edits, a case made exempt after publication, an exempt attachment submitted for approval by a
secretary, a document linked from an exempt minutes item). Then a crawler visits every public
URL reachable from the start URLs (links, sitemap, JSON), every version and diff of every
document page, and the search for every exempt string, and finds none of them.
"""

import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from cms.versions import published_versions
from home.factories import default_site_home
from meetings.factories import (
    BodyIndexPageFactory,
    BodyPageFactory,
    CasePageFactory,
    DocumentFactory,
    MeetingPageFactory,
    MinutesPageFactory,
)
from meetings.models import BodyRoles, CasePage, MeetingPage, MinutesPage

BASIS = "Offl. § 13, jf. fvl. § 13"
NAME = "HEMMELIG-NAVN-1"  # agenda item added in a later edit, made exempt later
OUTCOME = "HEMMELIG-UTFALL-2"
OLD_CASE_TITLE = "HEMMELIG-SAKSTITTEL-3"  # case title before the case was made exempt
CASE_FACTS = "HEMMELIG-OPPLYSNING-4"
ATTACHMENT_TITLE = "HEMMELIG-VEDLEGG-5"  # attachment waiting for approval
MINUTES_TEXT = "HEMMELIG-REFERAT-6"
LINKED_DOCUMENT = "HEMMELIG-DOKUMENT-7"  # linked from the exempt minutes item's text
FILE_TEXT = "HEMMELIG-FILINNHOLD-8"  # inside every exempt file
DRAFT_CASE = "HEMMELIG-UTKAST-9"  # a case of body A never published
SECRETS = [
    NAME,
    OUTCOME,
    OLD_CASE_TITLE,
    CASE_FACTS,
    ATTACHMENT_TITLE,
    MINUTES_TEXT,
    LINKED_DOCUMENT,
    FILE_TEXT,
    DRAFT_CASE,
]
START_URLS = [
    "/",
    "/sitemap.xml",
    "/kalender/",
    "/kalender.ics",
    "/tema/",
    "/oparl/v1/",
    "/api/v2/pages/",
    "/api/v2/documents/",
]


class FormReader(HTMLParser):
    """The fields of one form as a browser would submit them (no submit buttons)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self.textarea = self.select = None
        self.select_value = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select, self.select_value = name, None
        elif tag == "option" and self.select:
            if "selected" in attrs or self.select_value is None:
                if "selected" in attrs or not any(n == self.select for n, _v in self.data):
                    self.select_value = (attrs.get("value", ""), "selected" in attrs)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.data.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            if self.select_value is not None:
                self.data.append((self.select, self.select_value[0]))
            self.select = None


def edit_form(client, page):
    """The page's admin edit form, read from the rendered edit view."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    reader = FormReader("page-edit-form")
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.data:
        data[name] = value  # single values in these forms
    assert data, "no edit form found"
    return data


def add_row(data, prefix, **fields):
    """Add a row to the inline panel `prefix`, as the «add» button does."""
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(n + 1)
    data.update({f"{prefix}-{n}-id": "", f"{prefix}-{n}-ORDER": str(n + 1)})
    data[f"{prefix}-{n}-DELETE"] = ""
    for name, value in fields.items():
        data[f"{prefix}-{n}-{name}"] = value
    return n


def row_index(data, prefix, field, value):
    for n in range(int(data[f"{prefix}-TOTAL_FORMS"])):
        if data.get(f"{prefix}-{n}-{field}") == value:
            return n
    raise AssertionError(f"no row with {field}={value}")


def post_edit(client, page, data, action="action-publish", note="Endret"):
    data = {**data, action: action, "change_note": note}
    data = {key: value for key, value in data.items() if not key.endswith("-DELETE") or value}
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]


def secret_file(title, user=None):
    return DocumentFactory(
        title=title,
        file__filename="unntatt.txt",
        file__data=f"{FILE_TEXT} {title}".encode(),
        uploaded_by_user=user,
    )


def user_in(group_name, username):
    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture(scope="module")
def built_exempt_site(demo_for_module, tmp_path_factory):
    """The exempt site, built once for the module (through the admin: seconds); each test runs
    in a savepoint of it, so what one test changes the next does not see."""
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    media = tmp_path_factory.mktemp("exempt-media")
    built = {}
    with override_settings(MEDIA_ROOT=str(media), STORAGES=storages):
        with demo_for_module(lambda: built.update(build_exempt_site(default_site_home()))):
            yield built


@pytest.fixture
def exempt_site(built_exempt_site, db):
    return built_exempt_site


def build_exempt_site(home):
    """Bodies A and B, content made exempt through the admin; returns the people and pages."""
    client = Client()
    index = BodyIndexPageFactory(parent=home, title="Politikk", slug="politikk")
    body_a = BodyPageFactory(parent=index, title="Driftskomiteen", slug="driftskomiteen")
    body_b = BodyPageFactory(parent=index, title="Formannskapet", slug="formannskapet")
    call_command("setup_roles", verbosity=0)
    admin = get_user_model().objects.create_superuser("redaktor", password="x")
    secretary_a = user_in(BodyRoles.objects.get(body=body_a).secretaries.name, "sekretar_a")
    secretary_b = user_in(BodyRoles.objects.get(body=body_b).secretaries.name, "sekretar_b")
    plan_editor = user_in("Planredaktører", "planredaktor")
    client.force_login(admin)

    meeting = MeetingPageFactory(parent=body_a, intro="<p>Møte.</p>")
    meeting.save_revision(user=admin).publish(user=admin)
    case = CasePageFactory(
        parent=body_a, title=OLD_CASE_TITLE, facts=f"<p>{CASE_FACTS}</p>", case_number=7
    )
    case.save_revision(user=admin).publish(user=admin)

    # An agenda item added in a later edit (no id in that revision), published twice.
    data = edit_form(client, meeting)
    add_row(data, "agenda_items", number="12", kind="decision", title=NAME, outcome=OUTCOME)
    add_row(data, "agenda_items", number="13", kind="decision", title="Sak om veier")
    add_row(
        data,
        "agenda_items",
        number="14",
        kind="decision",
        title="Sak om en ansatt",
        case=str(case.pk),
    )
    post_edit(client, meeting, data)
    data = edit_form(client, meeting)
    data["intro"] = rich_text("<p>Møte, rettet.</p>")
    post_edit(client, meeting, data)
    # ... then made exempt.
    data = edit_form(client, meeting)
    n = row_index(data, "agenda_items", "title", NAME)
    data.update(
        {
            f"agenda_items-{n}-exempt": "on",
            f"agenda_items-{n}-exempt_basis": BASIS,
            f"agenda_items-{n}-public_title": "Personalsak",
        }
    )
    post_edit(client, meeting, data)

    # A case made exempt after publication, with a new public title.
    data = edit_form(client, case)
    data["facts"] = rich_text(f"<p>{CASE_FACTS} og mer.</p>")
    post_edit(client, case, data)
    data = edit_form(client, case)
    data.update({"title": "Personalsak", "exempt": "on", "exempt_basis": BASIS})
    post_edit(client, case, data)

    # A secretary adds an exempt attachment to a published case and submits it for approval.
    open_case = CasePageFactory(parent=body_a, title="Budsjett for veier", case_number=8)
    open_case.save_revision(user=admin).publish(user=admin)
    pending = secret_file(ATTACHMENT_TITLE, user=secretary_a)
    client.force_login(secretary_a)
    data = edit_form(client, open_case)
    add_row(
        data,
        "attachments",
        document=str(pending.pk),
        title=ATTACHMENT_TITLE,
        exempt="on",
        exempt_basis=BASIS,
        public_title="Unntatt vedlegg",
    )
    post_edit(client, open_case, data, action="action-submit")
    assert CasePage.objects.get(pk=open_case.pk).attachments.count() == 0  # still waiting

    # A document linked from an exempt minutes item's text.
    client.force_login(admin)
    linked = secret_file(LINKED_DOCUMENT, user=admin)
    minutes = MinutesPageFactory(parent=meeting, intro="<p>Referat.</p>")
    minutes.save_revision(user=admin).publish(user=admin)
    data = edit_form(client, minutes)
    add_row(
        data,
        "items",
        number="12",
        kind="decision",
        title="Personalsak",
        text=rich_text(
            f'<p>{MINUTES_TEXT} <a linktype="document" id="{linked.pk}">vedlegget</a></p>'
        ),
        exempt="on",
        exempt_basis=BASIS,
        public_title="Personalsak",
    )
    post_edit(client, minutes, data)
    data = edit_form(client, minutes)
    data["intro"] = rich_text("<p>Referat, godkjent.</p>")
    post_edit(client, minutes, data)

    # A case of body A that was never published.
    CasePageFactory(parent=body_a, title=DRAFT_CASE, case_number=9, live=False)
    client.logout()
    return {
        "secretary_b": secretary_b,
        "plan_editor": plan_editor,
        "secretary_a": secretary_a,
        "documents": [pending, linked],
        "pages": [meeting, case, open_case, minutes],
    }


class Crawler:
    """Visits URLs on the test server, following links in HTML, XML and JSON."""

    LINK_RE = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
    XML_RE = re.compile(r"<loc>([^<]+)</loc>")

    def __init__(self, client):
        self.client = client
        self.seen = {}

    def local(self, url, base):
        url = unescape(url.strip())
        parts = urlsplit(urljoin(base, url))
        if parts.scheme not in ("http", "https", "") or parts.netloc not in ("", "testserver"):
            return None
        if parts.path.startswith(("/admin", "/static", "/media")):
            return None
        query = parts.query
        if parts.path == "/sok/":
            # Facets, sorting and pages narrow the same search: the crawl reads every search
            # in full (q only), and searches each exempt word itself.
            query = urlencode([(k, v) for k, v in parse_qsl(query) if k == "q"])
        elif parts.path == "/kalender/":
            # The month grid pages back and forth without end; every meeting it shows is also
            # in the upcoming and past lists that are crawled.
            query = urlencode([(k, v) for k, v in parse_qsl(query) if k != "maned"])
        return parts.path + (f"?{query}" if query else "")

    def links(self, url, response, body):
        content_type = response.get("Content-Type", "")
        found = []
        if "json" in content_type:
            found = [v for v in self.json_strings(json.loads(body)) if v.startswith(("/", "http"))]
        elif "xml" in content_type:
            found = self.XML_RE.findall(body)
        elif "html" in content_type:
            found = self.LINK_RE.findall(body)
        return [link for link in (self.local(f, url) for f in found) if link]

    def json_strings(self, value):
        if isinstance(value, dict):
            for item in value.values():
                yield from self.json_strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from self.json_strings(item)
        elif isinstance(value, str):
            yield value

    def crawl(self, start_urls, limit=2000):
        queue = list(start_urls)
        while queue:
            url = queue.pop(0)
            if url in self.seen:
                continue
            assert len(self.seen) < limit, "the crawl does not end"
            response = self.client.get(url)
            if response.streaming:
                body = b"".join(response.streaming_content).decode("utf-8", "replace")
            else:
                body = response.content.decode("utf-8", "replace")
            self.seen[url] = (response.status_code, body)
            assert response.status_code < 500, url
            if response.status_code == 200:
                queue += self.links(url, response, body)
        return self.seen


def history_urls():
    urls = []
    for page in Page.objects.live().public().specific():
        if hasattr(page, "history_url"):
            urls.append(page.history_url())
            for version in published_versions(page):
                urls += [page.version_url(version), page.version_diff_url(version)]
    return urls


def open_data_urls():
    """What the open-data channels offer beyond their links: every OParl list as a syncing
    client reads it (tombstones included, embedded objects left out), every page and document
    asked for directly (published or not) in OParl and the API, every page type's list with
    all its fields, and the API's search for every exempt string."""
    from wagtail.documents import get_document_model
    from wagtail.models import Site

    from opendata.oparl import LISTS

    site = Site.objects.get(is_default_site=True)
    urls = []
    for name in LISTS:
        base = f"/oparl/v1/body/{site.pk}/{name}/"
        urls += [f"{base}?modified_since=2000-01-01T00:00:00Z", f"{base}?omit_internal=true"]
    pages = Page.objects.filter(depth__gt=1).specific()
    for page in pages:
        urls.append(f"/api/v2/pages/{page.pk}/")
        kind = {"MeetingPage": "meeting", "CasePage": "paper", "BodyPage": "organization"}
        if type(page).__name__ in kind:
            urls.append(f"/oparl/v1/{kind[type(page).__name__]}/{page.pk}/")
        if type(page).__name__ in ("MinutesPage", "InvitationPage"):
            urls.append(f"/oparl/v1/file/page-{page.pk}/")
    for label in {f"{p._meta.app_label}.{type(p).__name__}" for p in pages}:
        urls.append(f"/api/v2/pages/?type={label}&fields=*&limit=20")
    for document in get_document_model().objects.all():
        urls.append(f"/api/v2/documents/{document.pk}/")
    urls += ["/api/v2/images/", "/api/v2/documents/?limit=20&fields=*"]
    urls += [f"/api/v2/pages/?search={secret}" for secret in SECRETS]
    return urls


def without_query_echo(body):
    """The page without the places a search form repeats the query (no leak in itself)."""
    for secret in SECRETS:
        echoes = [f'value="{secret}"', f"«{secret}»", f"<em>{secret}</em>"]
        for echo in [*echoes, f"q={secret}", f"search={secret}"]:
            body = body.replace(echo, "")
    return body


def assert_no_secret(pages, who):
    for url, (_status, body) in pages.items():
        text = without_query_echo(body)
        for secret in SECRETS:
            assert secret not in text, f"{secret} in {url} ({who})"


def test_no_exempt_string_reaches_the_public(exempt_site, client):
    meeting = MeetingPage.objects.get(pk=exempt_site["pages"][0].pk)
    assert len(published_versions(meeting)) == 4
    # The exempt row added in a later edit kept its key through the edits.
    revisions = [v.revision.content for v in published_versions(meeting)]
    keys = [
        [row["key"] for row in content["agenda_items"] if row["title"] == NAME]
        for content in revisions[1:]
    ]
    assert all(k == keys[0] for k in keys) and len(keys[0]) == 1

    case = CasePage.objects.get(pk=exempt_site["pages"][1].pk)
    crawler = Crawler(client)
    start = START_URLS + history_urls() + [f"/sok/?q={secret}" for secret in SECRETS]
    start += [f"/kalender/mote-{m.pk}.ics" for m in MeetingPage.objects.live()]
    start += [d.url for d in exempt_site["documents"]]
    start += open_data_urls()
    pages = crawler.crawl(start)
    # OParl and the API were read: every kind of object, the exempt case in both.
    for kind in ("organization", "meeting", "agendaitem", "paper", "file"):
        assert any(f"/oparl/v1/{kind}/" in url for url in pages), kind
    assert pages[f"/oparl/v1/paper/{case.pk}/"][0] == 200
    assert "Personalsak" in pages[f"/api/v2/pages/{case.pk}/"][1]
    assert any(url.startswith("/api/v2/documents/") for url in pages)
    # The crawl saw what it should: versions, diffs, the meeting, the case and the sitemap.
    assert pages[case.url][0] == 200 and "Personalsak" in pages[case.url][1]
    assert any("/endringer/" in url for url in pages)
    assert pages["/sitemap.xml"][0] == 200
    # The row made exempt later shows its public title in the versions before.
    second = published_versions(meeting)[1]
    assert "Personalsak" in pages[meeting.version_url(second)][1]
    for document in exempt_site["documents"]:
        assert pages[document.url][0] == 403
    assert_no_secret(pages, "public")


def test_case_address_and_redirects_carry_no_old_title(exempt_site):
    from wagtail.contrib.redirects.models import Redirect

    case = CasePage.objects.get(pk=exempt_site["pages"][1].pk)
    assert case.slug == "2019-7"
    # A redirect from an address once made from the title (as Wagtail adds on a slug change).
    open_case = CasePage.objects.get(pk=exempt_site["pages"][2].pk)
    Redirect.add_redirect("/politikk/driftskomiteen/saker/budsjett-for-veier", open_case)
    open_case = CasePage.objects.get(pk=open_case.pk)
    open_case.exempt, open_case.exempt_basis = True, BASIS
    open_case.save_revision().publish()
    assert not Redirect.objects.filter(redirect_page=open_case).exists()
    for redirect in Redirect.objects.all():
        assert "hemmelig" not in redirect.old_path.lower()


@pytest.mark.parametrize("who", ["secretary_b", "plan_editor"])
def test_no_exempt_string_for_users_without_rights_to_the_body(exempt_site, client, who):
    client.force_login(exempt_site[who])
    pages = {}
    for document in exempt_site["documents"]:
        response = client.get(document.url)
        assert response.status_code == 403
        pages[document.url] = (403, response.content.decode())
    urls = ["/admin/api/main/documents/", "/admin/api/main/pages/", "/admin/documents/chooser/"]
    for secret in SECRETS:
        urls += [
            f"/admin/documents/chooser/results/?q={secret}",
            f"/admin/choose-page/search/?q={secret}",
            f"/admin/api/main/documents/?search={secret}",
            f"/admin/api/main/pages/?search={secret}",
        ]
    urls += ["/admin/choose-page/", "/admin/documents/chooser/results/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        pages[url] = (response.status_code, response.content.decode())
    assert_no_secret(pages, who)


def test_the_body_secretary_and_editors_still_see_their_documents(exempt_site, client):
    pending, linked = exempt_site["documents"]
    client.force_login(exempt_site["secretary_a"])
    assert client.get(pending.url).status_code == 200
    assert client.get(linked.url).status_code == 200  # linked from body A's minutes
    html = client.get("/admin/documents/chooser/").content.decode()
    assert ATTACHMENT_TITLE in html
    html = client.get("/admin/choose-page/search/?q=HEMMELIG").content.decode()
    assert DRAFT_CASE in html


def test_a_published_attachment_becomes_public_and_exemption_closes_it(exempt_site, client):
    open_case = CasePage.objects.get(pk=exempt_site["pages"][2].pk)
    document = DocumentFactory(title="Offentlig vedlegg", file__filename="v.txt", file__data=b"x")
    assert client.get(document.url).status_code == 403  # uploaded, not used yet
    open_case.attachments.create(document=document)
    open_case.save_revision().publish()
    assert client.get(document.url).status_code == 200
    MinutesPage.objects.get(pk=exempt_site["pages"][3].pk)
    attachment = CasePage.objects.get(pk=open_case.pk).attachments.get(document=document)
    attachment.exempt, attachment.exempt_basis, attachment.public_title = True, BASIS, "Unntatt"
    attachment.save()
    assert client.get(document.url).status_code == 403
