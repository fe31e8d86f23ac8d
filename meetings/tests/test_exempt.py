"""Exempt content (offentleglova, kommuneloven § 11-5) never leaks into a public response."""

import re
from collections import deque

import pytest
from django.contrib.auth import get_user_model

from meetings.factories import (
    AgendaItemFactory,
    CasePageFactory,
    DocumentFactory,
    MinutesPageFactory,
)
from meetings.models import CaseAttachment, CaseFlowStep, CaseProposalPoint, MinutesItem

SECRETS = [
    "Skjultsak-tittel",
    "Skjultsak-innhold",
    "Skjultsak-forslag",
    "Skjultsak-vedtak",
    "Skjultpunkt-tittel",
    "Skjultpunkt-utfall",
    "Skjultvedlegg-tittel",
    "Skjultreferat-tekst",
    "Skjultsaksvedlegg",
]
BASIS = "Offl. § 13, jf. fvl. § 13"


@pytest.fixture
def file_storage(settings, tmp_path):
    """Documents on disk: Wagtail serves them from a path, which in-memory storage lacks."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def exempt_site(tree, file_storage):
    secret_case = CasePageFactory(
        parent=tree.body,
        title="Personalsak",
        exempt=True,
        exempt_basis=BASIS,
        facts="<p>Skjultsak-innhold</p>",
        decision="<p>Skjultsak-vedtak i saken</p>",
        search_description="",
    )
    CaseProposalPoint.objects.create(page=secret_case, text="Skjultsak-forslag")
    CaseFlowStep.objects.create(
        page=secret_case, body=tree.body, meeting=tree.meeting, decision="Skjultsak-vedtak"
    )
    CaseAttachment.objects.create(
        page=secret_case,
        document=DocumentFactory(title="Skjultsaksvedlegg", file__filename="skjultsaksvedlegg.pdf"),
    )
    public_case = CasePageFactory(parent=tree.body, title="Budsjett 2020")
    public_doc = DocumentFactory(title="Budsjettdokument", file__filename="budsjett.pdf")
    secret_doc = DocumentFactory(
        title="Skjultvedlegg-tittel", file__filename="skjultvedlegg-tittel.pdf"
    )
    CaseAttachment.objects.create(page=public_case, document=public_doc, sort_order=0)
    CaseAttachment.objects.create(
        page=public_case,
        document=secret_doc,
        exempt=True,
        exempt_basis=BASIS,
        public_title="Vedlegg unntatt offentlighet",
        sort_order=1,
    )
    AgendaItemFactory(
        page=tree.meeting,
        number=1,
        title="Skjultpunkt-tittel",
        outcome="Skjultpunkt-utfall",
        exempt=True,
        exempt_basis="Kommuneloven § 11-5",
        public_title="Lukket sak",
        case=secret_case,
    )
    AgendaItemFactory(page=tree.meeting, number=2, title="Budsjett 2020", case=public_case)
    minutes = MinutesPageFactory(parent=tree.meeting)
    MinutesItem.objects.create(
        page=minutes,
        number=1,
        title="Skjultpunkt-tittel",
        text="<p>Skjultreferat-tekst</p>",
        exempt=True,
        exempt_basis="Kommuneloven § 11-5",
        public_title="Lukket sak",
    )
    # Re-index: the search index must be built from the public text only.
    for page in [secret_case, public_case, tree.meeting, minutes]:
        page.specific.save_revision().publish()
    return {
        "secret_case": secret_case,
        "public_case": public_case,
        "secret_doc": secret_doc,
        "public_doc": public_doc,
        "minutes": minutes,
    }


def crawl(client, start_urls):
    """Every internal URL reachable from the start URLs: {url: response}."""
    seen, queue, responses = set(), deque(start_urls), {}
    while queue:
        url = queue.popleft()
        if url in seen or url.startswith("/admin/"):
            continue
        seen.add(url)
        response = client.get(url)
        responses[url] = response
        if response.get("Content-Type", "").startswith(("text/html", "application/xml")):
            body = response.content.decode()
            for link in re.findall(r'(?:href|src)="(/[^"#]*)', body):
                queue.append(link.replace("&amp;", "&"))
            for loc in re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", body):
                queue.append(loc)
    return responses


def content_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode("utf-8", "replace")


def test_no_public_response_contains_exempt_content(exempt_site, client):
    start = ["/", "/sitemap.xml", "/politikk/", "/politikk/driftskomiteen/?ar=2019"]
    start += [
        f"/sok/?q={word}" for word in ["Skjultsak", "Skjultpunkt", "Skjultreferat", "Personalsak"]
    ]
    responses = crawl(client, start)
    assert len(responses) >= 10
    assert exempt_site["secret_case"].url in responses
    assert exempt_site["minutes"].url in responses
    for url, response in responses.items():
        text = content_of(response)
        for secret in SECRETS:
            assert secret.lower() not in text.lower(), (url, secret)
    # The public sees the public titles and the legal basis.
    case_html = content_of(responses[exempt_site["secret_case"].url])
    assert "Personalsak" in case_html and BASIS in case_html
    meeting_html = content_of(
        responses[exempt_site["secret_case"].get_parent().url + "moter/2019-09-25/"]
    )
    assert "Lukket sak" in meeting_html and "Kommuneloven § 11-5" in meeting_html
    assert "Vedlegg unntatt offentlighet" in content_of(responses[exempt_site["public_case"].url])


def test_exempt_attachments_cannot_be_downloaded_by_the_public(exempt_site, client):
    assert client.get(exempt_site["public_doc"].url).status_code == 200
    assert client.get(exempt_site["secret_doc"].url).status_code == 403
    # Every attachment of an exempt case is exempt too.
    secret_case_doc = exempt_site["secret_case"].attachments.get().document
    assert client.get(secret_case_doc.url).status_code == 403


def test_search_index_holds_only_public_text(exempt_site, client):
    html = client.get("/sok/?q=Skjultsak-innhold").content.decode()
    assert "0 treff" in html
    assert "Budsjett 2020" in client.get("/sok/?q=Budsjett").content.decode()
    fields = dict(exempt_site["secret_case"].public_diff_fields())
    assert "Skjultsak" not in " ".join(fields.values())
    assert fields["Unntatt offentlighet"] == BASIS


def test_editors_see_everything(exempt_site, client):
    editor = get_user_model().objects.create_superuser("redaktor", "r@example.org", "pw")
    client.force_login(editor)
    assert client.get(exempt_site["secret_doc"].url).status_code == 200
    case = exempt_site["secret_case"]
    preview = case.make_preview_request()
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Skjultsak-innhold" in html and "Skjultsak-forslag" in html
    meeting = case.get_parent().specific.meeting_pages.get()
    assert "Skjultpunkt-tittel" in meeting.make_preview_request().content.decode()
    minutes = exempt_site["minutes"]
    assert "Skjultreferat-tekst" in minutes.make_preview_request().content.decode()


def test_public_diff_fields_leave_out_exempt_items(exempt_site):
    meeting = exempt_site["secret_case"].get_parent().specific.meeting_pages.get()
    text = " ".join(value for _label, value in meeting.public_diff_fields())
    assert "Lukket sak" in text and "Skjultpunkt" not in text
    minutes_text = " ".join(v for _l, v in exempt_site["minutes"].public_diff_fields())
    assert "Lukket sak" in minutes_text and "Skjultreferat" not in minutes_text
    case_text = " ".join(v for _l, v in exempt_site["public_case"].public_diff_fields())
    assert "Budsjettdokument" in case_text and "Skjultvedlegg" not in case_text
