"""The demo loaded on Friday 15 May 2026: each body has a meeting plan from that day, shown on
its page, in the calendar and on the home page, and a later run of `load_demo` adds nothing.

The demo is loaded once for the module, the clock kept at that day (`demo_in_may_2026`).
"""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from meetings.models import BodyPage, MeetingPage, MeetingStatus

pytestmark = pytest.mark.django_db

D = datetime.date
OSLO = timezone.get_default_timezone()
LOADED = datetime.datetime(2026, 5, 15, 10, tzinfo=OSLO)


@pytest.fixture(scope="module")
def demo_in_may_2026(demo_for_module):
    """The demo loaded on Friday 15 May 2026, and the clock kept there for the module."""
    with time_machine.travel(LOADED, tick=False), demo_for_module() as home:
        yield home


def test_every_body_has_a_meeting_plan_from_the_day_the_demo_is_loaded(
    demo_in_may_2026, client, page_html
):
    planned = {
        body.slug: [m.date for m in body.upcoming_meetings()] for body in BodyPage.objects.all()
    }
    assert planned == {
        "driftskomiteen": [D(2026, 6, 24), D(2026, 7, 22), D(2026, 8, 26), D(2026, 9, 23)],
        "administrasjonsutvalget": [D(2026, 6, 16), D(2026, 7, 21), D(2026, 8, 18), D(2026, 9, 15)],
        "kompetanseforum": [D(2026, 6, 4), D(2026, 7, 2), D(2026, 8, 6), D(2026, 9, 3)],
        "fylkesmannen-i-more-og-romsdal": [D(2027, 1, 27)],
    }
    meeting = MeetingPage.objects.get(slug="2026-06-24")
    assert meeting.status == MeetingStatus.PLANNED
    assert not meeting.agenda_items.exists() and not meeting.get_children().exists()
    html = page_html(meeting)
    assert "<h1>Driftskomiteen 24.06.2026</h1>" in html
    assert "Planlagt" in html and "Sakslisten er ikke publisert ennå." in html
    body_html = page_html(meeting.get_parent().specific)
    upcoming = body_html.split('id="kommende-moter-tittel"')[1].split("</section>")[0]
    assert upcoming.index("24. juni 2026") < upcoming.index("22. juli 2026")
    assert "Ingen kommende møter." not in body_html


def test_the_calendar_shows_planned_meetings_and_links_to_past_ones(demo_in_may_2026, client):
    html = client.get("/kalender/").content.decode()
    assert "Ingen kommende møter er publisert." not in html
    upcoming, past = html.split('id="tidligere-moter-tittel"')
    for text in ["Juni 2026", "Driftskomiteen 24.06.2026", "Kompetanseforum 03.09.2026"]:
        assert text in upcoming
    assert '<a href="#tidligere-moter">Tidligere møter</a>' in upcoming
    # Past meetings, newest first, each linking to its page (and its minutes there).
    titles = [
        "Møte om Kompetanseløftet 2020",
        "Driftskomiteen 25.09.2019",
        "Kompetanseforum 14.10.2014",
        "Kompetanseforum 04.09.2014",
        "Kompetanseforum 20.06.2014",
    ]
    positions = [past.index(title) for title in titles]
    assert positions == sorted(positions)
    assert 'href="/politikk/kompetanseforum/moter/2014-09-04/"' in past
    filtered = client.get("/kalender/?organ=driftskomiteen").content.decode()
    past_filtered = filtered.split('id="tidligere-moter-tittel"')[1]
    assert "Driftskomiteen 25.09.2019" in past_filtered
    assert "Kompetanseforum" not in past_filtered.split("</section>")[0]


def test_the_home_page_lists_meetings_by_meeting_date(demo_in_may_2026, client):
    html = client.get("/").content.decode()
    section = html.split('<h2 id="latest-3">')[1].split("</section>")[0]
    assert section.startswith("Kommende møter</h2>")
    # Created body by body, listed by date.
    expected = [
        "Kompetanseforum 04.06.2026",
        "Administrasjonsutvalget 16.06.2026",
        "Driftskomiteen 24.06.2026",
        "Kompetanseforum 02.07.2026",
        "Administrasjonsutvalget 21.07.2026",
    ]
    positions = [section.index(title) for title in expected]
    assert positions == sorted(positions)


def test_load_demo_again_a_month_later_changes_nothing(demo_in_may_2026, demo_snapshot):
    """The meeting plan is computed once: a later run, while it lies ahead, adds nothing."""
    before = demo_snapshot()
    with time_machine.travel(LOADED + datetime.timedelta(days=30), tick=False):
        call_command("load_demo", verbosity=0)
    assert demo_snapshot() == before
