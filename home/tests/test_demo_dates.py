"""The demo loaded on Monday 23 November 2026: its documents and plans carry the dates of their
sources, not the day they were loaded.

The demo is loaded once for the module, the clock kept at that moment (`demo_in_november_2026`).
"""

import datetime

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import Page

from cms.models import DocumentPage
from meetings.models import MeetingStatus
from plans.models import PlanPage

pytestmark = pytest.mark.django_db

LOADED = datetime.datetime(2026, 11, 23, 14, tzinfo=timezone.get_default_timezone())

# slug: the date the plan's page shows as published (and its only version's date).
PLAN_DATES = {
    "kompetanseloft-2025": "20.12.2021",
    # Adopted by Velferdsutvalg 22.11.23, the second of its two adoption steps.
    "kompetanseplan-helse-og-omsorgsavdelingen-2024-2027": "22.11.2023",
    # Adopted by Driftskomiteen in case 27/19 on 25.09.19.
    "temaplan-kompetanse-og-rekruttering-helse-og-velferd": "25.09.2019",
    # No adoption date in the seeds: dated by the thematic plan of 24.06.19 that cites it.
    "kommunedelplan-helse-og-velferd-2015-2030": "24.06.2019",
}


@pytest.fixture(scope="module")
def demo_in_november_2026(demo_for_module):
    """The demo loaded on 23 November 2026 at 14:00, and the clock kept there for the module."""
    with time_machine.travel(LOADED, tick=False), demo_for_module() as home:
        yield home


def test_demo_documents_carry_the_dates_of_their_sources_not_the_load_date(
    demo_in_november_2026, client
):
    pages = [p for p in Page.objects.live().specific() if isinstance(p, DocumentPage)]
    # Only the meeting plan is published the day the demo is loaded.
    dated_today = {
        p.url for p in pages if timezone.localtime(p.first_published_at).date() == LOADED.date()
    }
    planned = {
        p.url
        for p in pages
        if getattr(p, "status", None) == MeetingStatus.PLANNED and p.date > LOADED.date()
    }
    assert dated_today == planned and len(planned) == 13
    for page in pages:
        if page.url in planned:
            continue
        for dated in [page.last_published_at, page.substantive_change_at]:
            assert timezone.localtime(dated).date() < LOADED.date(), page.url
        html = client.get(page.url).content.decode()
        assert "23.11.2026" not in html, page.url
        history = client.get(page.url + "versjoner/").content.decode()
        assert "23.11.2026" not in history, page.url


def test_plans_show_their_own_dates_not_the_day_the_demo_was_loaded(
    demo_in_november_2026, client, page_html
):
    home = client.get("/").content.decode()
    for slug, published in PLAN_DATES.items():
        plan = PlanPage.objects.get(slug=slug)
        html = page_html(plan)
        history = client.get(plan.url + "versjoner/").content.decode()
        day, month, year = published.split(".")
        assert (
            f'Først publisert: <time datetime="{year}-{month}-{day}">{published}</time>' in html
        ), slug
        assert f'Siste faglige endring: <time datetime="{year}-{month}-{day}">' in html
        assert "23.11.2026" not in html, slug
        assert "1 publisert versjon" in history and f"{published} " in history, slug
        assert "23.11.2026" not in history, slug
        created = timezone.localtime(plan.live_revision.created_at)
        assert created.strftime("%d.%m.%Y") == published, slug
    newest_plans = home.split('id="latest-1">Nyeste planer</h2>')[1].split("</section>")[0]
    assert newest_plans.count("Publisert <time") == 4
    assert "23.11.2026" not in newest_plans
