"""Exempt content never leaks through /oparl/ or /api/v2/: only public titles and bases show."""

import json

import pytest
from wagtail.models import Page

from meetings.factories import CasePageFactory, DocumentFactory
from meetings.models import (
    AgendaItem,
    BodyPage,
    CaseAttachment,
    CaseFlowStep,
    CasePage,
    CaseProposalPoint,
    FollowUp,
    MeetingPage,
    MinutesItem,
    MinutesPage,
)

SECRET = "hemmeligord"
BASIS = "Offl. § 13, jf. fvl. § 13"


@pytest.fixture
def exempt_site(demo_site):
    """The demo with exempt content in every place it can be: rows, a case, attachments."""
    body = BodyPage.objects.get(slug="driftskomiteen")
    meeting = MeetingPage.objects.filter(body_page=body).first()
    minutes = MinutesPage.objects.first()
    # An exempt case: its title is the public title; everything else is secret.
    case = CasePageFactory(
        parent=body,
        title="Personalsak",
        exempt=True,
        exempt_basis=BASIS,
        archive_reference="2019/9999",
        facts=f"<p>{SECRET}-fakta</p>",
        decision=f"<p>{SECRET}-vedtak</p>",
        search_description="",
    )
    CaseProposalPoint.objects.create(page=case, text=f"{SECRET}-forslag")
    CaseFlowStep.objects.create(page=case, body=body, meeting=meeting, decision=f"{SECRET}-steg")
    CaseAttachment.objects.create(
        page=case,
        title=f"{SECRET}-vedlegg",
        document=DocumentFactory(title=f"{SECRET}-dok", file__filename=f"{SECRET}1.pdf"),
    )
    # An exempt attachment of a public case.
    public_case = CasePage.objects.get(case_number=27)
    CaseAttachment.objects.create(
        page=public_case,
        title=f"{SECRET}-vedlegg2",
        exempt=True,
        exempt_basis=BASIS,
        public_title="Vedlegg unntatt offentlighet",
        document=DocumentFactory(title=f"{SECRET}-dok2", file__filename=f"{SECRET}2.pdf"),
    )
    # An exempt agenda item, and an item on the exempt case (exempt through the case).
    AgendaItem.objects.create(
        page=meeting,
        number=90,
        title=f"{SECRET}-sak",
        outcome=f"{SECRET}-utfall",
        exempt=True,
        exempt_basis=BASIS,
        public_title="Personalsak",
    )
    AgendaItem.objects.create(page=meeting, number=91, title=f"{SECRET}-sak2", case=case)
    # An exempt minutes item with a vote, and a follow-up from it.
    MinutesItem.objects.create(
        page=minutes,
        number=99,
        title=f"{SECRET}-referatsak",
        text=f"<p>{SECRET}-referat</p>",
        decision=f"{SECRET}-konklusjon",
        votes_for=3,
        exempt=True,
        exempt_basis=BASIS,
        public_title="Klientsak",
    )
    FollowUp.objects.create(
        page=minutes, item_number=99, action=f"{SECRET}-oppfolging", responsible_text="PL"
    )
    return {"case": case, "meeting": meeting, "minutes": minutes}


def api_start_urls():
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    urls = [f"http://testserver/api/v2/pages/{page.pk}/" for page in pages]
    types = {f"{p._meta.app_label}.{type(p).__name__}" for p in pages if type(p) is not Page}
    urls += [f"http://testserver/api/v2/pages/?type={t}&fields=*&limit=20" for t in types]
    urls += [
        "http://testserver/api/v2/pages/?limit=20",
        "http://testserver/api/v2/documents/?limit=20",
        "http://testserver/api/v2/images/",
    ]
    return urls


@pytest.mark.django_db
def test_no_exempt_word_in_oparl_or_the_api(exempt_site, crawl, oparl_validator):
    responses = crawl("http://testserver/oparl/v1/", *api_start_urls())

    assert len(responses) > 60
    leaks = [url for url, r in responses.items() if SECRET in r.body_text.lower()]
    assert not leaks
    assert not [url for url, r in responses.items() if r.status_code >= 500]


@pytest.mark.django_db
def test_exempt_agenda_item_shows_public_title_and_public_false(
    exempt_site, client, oparl_validator
):
    meeting = exempt_site["meeting"]
    data = json.loads(client.get(f"/oparl/v1/meeting/{meeting.pk}/").content)
    items = {item["number"]: item for item in data["agendaItem"]}
    exempt = items["90/19"]
    oparl_validator(exempt)
    assert exempt["public"] is False
    assert exempt["name"] == "Personalsak"
    assert exempt["radhus:exemptBasis"] == BASIS
    assert not {"result", "resolutionText", "consultation", "radhus:vote"} & set(exempt)
    through_case = items["91/19"]
    assert through_case["public"] is False and through_case["name"] == "Personalsak"


@pytest.mark.django_db
def test_exempt_case_is_a_paper_with_title_number_flow_and_basis_only(
    exempt_site, client, oparl_validator
):
    case = exempt_site["case"]
    paper = json.loads(client.get(f"/oparl/v1/paper/{case.pk}/").content)
    oparl_validator(paper)
    assert paper["name"] == "Personalsak"
    assert paper["radhus:public"] is False and paper["radhus:exemptBasis"] == BASIS
    assert "auxiliaryFile" not in paper and "radhus:proposal" not in paper
    assert paper["consultation"] and "radhus:decision" not in paper["consultation"][0]


@pytest.mark.django_db
def test_api_shows_exempt_rows_as_public_title_and_basis(exempt_site, client):
    meeting, case = exempt_site["meeting"], exempt_site["case"]
    data = json.loads(client.get(f"/api/v2/pages/{meeting.pk}/").content)
    exempt = next(row for row in data["agenda_items"] if row["number"] == 90)
    assert exempt["exempt"] is True and exempt["title"] == "Personalsak"
    assert exempt["exempt_basis"] == BASIS and exempt["outcome"] == ""
    data = json.loads(client.get(f"/api/v2/pages/{case.pk}/").content)
    assert set(data) <= {"id", "meta", "title", "case_year", "case_number", "exempt"} | {
        "exempt_basis",
        "flow_steps",
    }
    assert data["exempt_basis"] == BASIS
    assert "search_description" not in data["meta"] and "seo_title" not in data["meta"]


@pytest.mark.django_db
def test_api_lists_only_public_documents(exempt_site, client):
    DocumentFactory(title="Ikke festet til noe")
    data = json.loads(client.get("/api/v2/documents/?limit=20").content)
    titles = {item["title"] for item in data["items"]}
    assert "Ikke festet til noe" not in titles
    assert any("Temaplan" in title for title in titles)
    public_ids = {item["id"] for item in data["items"]}
    exempt_doc = CaseAttachment.objects.get(exempt=True).document
    assert client.get(f"/api/v2/documents/{exempt_doc.pk}/").status_code == 404
    assert exempt_doc.pk not in public_ids


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "type=meetings.CasePage&facts=x",
        "type=meetings.CasePage&order=facts",
        "type=meetings.CasePage&exempt_basis=x",
        "type=meetings.CasePage&order=archive_reference",
    ],
)
def test_api_refuses_filters_that_could_probe_exempt_text(exempt_site, client, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400
