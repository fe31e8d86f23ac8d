"""The issue's acceptance on the demo site: dates from the seeds, history links, three versions."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import Page

from cms.models import DocumentPage
from cms.versions import published_versions
from meetings.models import CasePage
from plans import demo as plans_demo

OSLO = timezone.get_default_timezone()


def document_pages(home):
    pages = Page.objects.live().descendant_of(home).specific()
    return [page for page in pages if isinstance(page, DocumentPage)]


@pytest.fixture
def demo(demo_site):
    plans_demo.load(demo_site)  # idempotent: a no-op when load_demo already loads the plans
    return demo_site


@pytest.mark.django_db
def test_the_strategy_page_shows_the_dates_of_the_seed(demo, client):
    html = client.get("/planer/kompetanseloft-2025/").content.decode()
    assert 'Først publisert: <time datetime="2021-12-20">20.12.2021</time>' in html
    assert 'Siste faglige endring: <time datetime="2021-12-20">20.12.2021</time>' in html
    assert '<a href="/planer/kompetanseloft-2025/versjoner/">Se tidligere versjoner</a>' in html
    history = client.get("/planer/kompetanseloft-2025/versjoner/").content.decode()
    assert "1 publisert versjon" in history
    assert "20.12.2021" in history


@pytest.mark.django_db
def test_every_demo_document_links_to_its_version_history(demo, client):
    pages = document_pages(demo)
    assert {type(page).__name__ for page in pages} >= {"PlanPage", "CasePage", "MeetingPage"}
    for page in pages:
        html = client.get(page.url).content.decode()
        assert f'href="{page.url}versjoner/"' in html, page.url
        assert client.get(page.url + "versjoner/").status_code == 200, page.url


@pytest.mark.django_db
def test_a_correction_then_a_substantive_change_to_a_demo_case(demo, client):
    case = CasePage.objects.live().filter(exempt=False).first()
    versions_before = len(published_versions(case))
    first_published = case.first_published_at
    first_substantive = case.substantive_change_at

    def publish(when, kind, note, **changes):
        with time_machine.travel(when, tick=False):
            draft = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
            for name, value in changes.items():
                setattr(draft, name, value)
            draft.change_kind, draft.change_note = kind, note
            draft.save_revision().publish()
        return CasePage.objects.get(pk=case.pk)

    later = timezone.now() + datetime.timedelta(days=1)
    after_correction = publish(
        later, "correction", "Rettet skrivefeil i tittelen.", title=case.title + " (rettet)"
    )
    assert after_correction.first_published_at == first_published
    assert after_correction.substantive_change_at == first_substantive

    even_later = later + datetime.timedelta(days=1)
    facts = "<p>Nye saksopplysninger om økonomien i saken.</p>"
    after_change = publish(even_later, "substantive", "Nye saksopplysninger.", facts=facts)
    assert after_change.first_published_at == first_published
    changed_on = after_change.substantive_change_at.astimezone(OSLO).date()
    assert changed_on == even_later.astimezone(OSLO).date()

    history = client.get(case.url + "versjoner/").content.decode()
    assert f"{versions_before + 2} publiserte versjoner" in history
    assert "Rettet skrivefeil i tittelen." in history and "Nye saksopplysninger." in history
    latest = after_change.live_revision
    diff = client.get(f"{case.url}versjoner/{latest.pk}/endringer/").content.decode()
    assert "<ins>" in diff and "økonomien" in diff
    page_html = client.get(case.url).content.decode()
    assert f'Siste faglige endring: <time datetime="{even_later.astimezone(OSLO):%Y-%m-%d}"' in (
        page_html
    )
