import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry
from wagtail.search.models import IndexEntry

from cms.documents import extract_pdf_text
from cms.models import DocumentText
from meetings.models import BodyPage, CasePage, InvitationPage, MeetingPage, MinutesPage
from plans.models import PlanPage

ANCHOR = datetime.date(2026, 6, 1)


@pytest.fixture
def generated(home):
    call_command(
        "generate_records",
        cases=30,
        meetings=12,
        plans=3,
        bodies=3,
        seed=5,
        anchor=ANCHOR,
        verbosity=0,
    )
    return home


def test_generated_tree_is_valid_and_complete(generated):
    assert all(problems == [] for problems in Page.find_problems())
    assert BodyPage.objects.count() == 3
    assert MeetingPage.objects.count() == 12
    assert CasePage.objects.count() == 30
    assert PlanPage.objects.count() == 3
    assert InvitationPage.objects.exists() and MinutesPage.objects.exists()
    # Each case is filed under its body, with its number in the URL.
    for case in CasePage.objects.all():
        assert isinstance(case.get_parent().specific, BodyPage)
        assert case.url_path.endswith(f"/saker/{case.case_year}-{case.case_number}/")
    # Agendas link the cases; the minutes and case flow are there.
    assert MeetingPage.objects.filter(agenda_items__case__isnull=False).exists()
    assert CasePage.objects.annotate(steps=Count("flow_steps")).filter(steps=0).count() == 0
    assert CasePage.objects.filter(attachments__isnull=False).exists()


def test_every_generated_page_is_published_with_a_version(generated):
    pages = Page.objects.descendant_of(generated)
    assert pages.filter(live=False).count() == 0
    for page in pages:
        assert page.live_revision_id is not None
        assert page.latest_revision_id == page.live_revision_id
        assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 1
        assert page.live_revision.as_object().title == page.title


def test_generated_pages_render(generated, client):
    urls = [page.url for page in Page.objects.descendant_of(generated).live().specific()]
    case = CasePage.objects.filter(exempt=False).first().specific
    urls += [case.history_url(), "/", "/sok/?q=kommuneplan", "/tema/", "/kalender/"]
    for url in urls:
        assert client.get(url).status_code == 200, url
    html = client.get(case.url).content.decode()
    assert case.title in html


def test_generated_text_is_norwegian_and_searchable(generated, client):
    case = CasePage.objects.filter(exempt=False).first()
    word = case.title.split()[-1]
    html = client.get("/sok/", {"q": word}).content.decode()
    assert case.title in html
    assert ANCHOR.year - 5 <= case.case_year <= 2027


def test_generated_documents_carry_the_text_pdf_extraction_reads(generated):
    rows = DocumentText.objects.select_related("document")
    assert rows.count() == get_document_model().objects.count() > 0
    pdfs = [row for row in rows if row.document.file_extension == "pdf"]
    assert pdfs and any(row.text for row in pdfs)
    for row in pdfs[:10]:
        with row.document.open_file() as file:
            assert row.text == extract_pdf_text(file)
        assert row.file_name == row.document.file.name


def test_generated_index_is_what_update_index_builds(generated):
    fields = ("content_type_id", "object_id", "title", "autocomplete", "body")
    ours = sorted(IndexEntry.objects.values_list(*fields))
    assert len(ours) > Page.objects.count()
    call_command("update_index", verbosity=0)
    assert sorted(IndexEntry.objects.values_list(*fields)) == ours
