import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from cms.models import DocumentPage
from meetings.models import BodyMember, FollowUp, MeetingStatus, Person

# Every demo page must render within this many SQL queries (listings included).
MAX_QUERIES_PER_PAGE = 30
OSLO = timezone.get_default_timezone()


def snapshot():
    return (
        list(
            Page.objects.order_by("path").values_list(
                "path", "title", "live", "first_published_at", "last_published_at"
            )
        ),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        list(Person.objects.values_list("name", "phone", "email")),
        list(BodyMember.objects.values_list("page_id", "person_id", "role")),
        list(FollowUp.objects.values_list("pk", "status")),
    )


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(demo_site):
    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


@pytest.mark.django_db
def test_load_demo_again_a_month_later_changes_nothing():
    """The meeting plan is computed once: a later run, while it lies ahead, adds nothing."""
    loaded = datetime.datetime(2026, 5, 15, 10, tzinfo=OSLO)
    with time_machine.travel(loaded, tick=False):
        call_command("load_demo", verbosity=0)
    before = snapshot()
    with time_machine.travel(loaded + datetime.timedelta(days=30), tick=False):
        call_command("load_demo", verbosity=0)
    assert snapshot() == before


@pytest.mark.django_db
def test_demo_documents_carry_the_dates_of_their_sources_not_the_load_date(client):
    loaded = datetime.datetime(2026, 11, 23, 14, tzinfo=OSLO)
    with time_machine.travel(loaded, tick=False):
        call_command("load_demo", verbosity=0)
        pages = [p for p in Page.objects.live().specific() if isinstance(p, DocumentPage)]
        # Only the meeting plan is published the day the demo is loaded.
        dated_today = {
            p.url for p in pages if timezone.localtime(p.first_published_at).date() == loaded.date()
        }
        planned = {
            p.url
            for p in pages
            if getattr(p, "status", None) == MeetingStatus.PLANNED and p.date > loaded.date()
        }
        assert dated_today == planned and len(planned) == 13
        for page in pages:
            if page.url in planned:
                continue
            for dated in [page.last_published_at, page.substantive_change_at]:
                assert timezone.localtime(dated).date() < loaded.date(), page.url
            html = client.get(page.url).content.decode()
            assert "23.11.2026" not in html, page.url
            history = client.get(page.url + "versjoner/").content.decode()
            assert "23.11.2026" not in history, page.url


@pytest.mark.django_db
def test_load_demo_if_empty_leaves_an_existing_site_alone(demo_site):
    demo_site.get_children().first().specific.delete()
    before = snapshot()
    call_command("load_demo", "--if-empty", verbosity=0)
    assert snapshot() == before


@pytest.mark.django_db
def test_every_demo_page_answers_200_with_bounded_queries(demo_site, client):
    pages = Page.objects.live().descendant_of(demo_site, inclusive=True).specific()
    assert len(pages) >= 3
    for page in pages:
        url = page.get_url()
        client.get(url)  # warm caches (site root paths, settings) that every request shares
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(queries) <= MAX_QUERIES_PER_PAGE, (url, len(queries))
