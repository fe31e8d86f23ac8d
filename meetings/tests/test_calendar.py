import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from meetings.factories import AgendaItemFactory, BodyPageFactory, MeetingPageFactory
from meetings.models import MeetingStatus


@pytest.fixture(autouse=True)
def today_is_1_september_2019():
    with time_machine.travel(datetime.datetime(2019, 9, 1, 12, 0), tick=False):
        yield


def events(response):
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


@pytest.fixture
def meetings(tree):
    upcoming = tree.meeting  # 25.09.2019 09:00–14:30
    past = MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 6, 20))
    other = BodyPageFactory(parent=tree.index, title="Velferdsutvalget", slug="velferdsutvalget")
    cancelled = MeetingPageFactory(
        parent=other,
        date=datetime.date(2019, 10, 2),
        start_time=None,
        end_time=None,
        status=MeetingStatus.CANCELLED,
        status_reason="For få saker",
    )
    return {"upcoming": upcoming, "past": past, "cancelled": cancelled, "other": other}


def test_calendar_page_lists_upcoming_meetings_by_month(meetings, client):
    html = client.get("/kalender/").content.decode()
    upcoming, past = html.split('id="kommende-moter-tittel"')[1].split(
        'id="tidligere-moter-tittel"'
    )
    assert "Driftskomiteen 25.09.2019" in upcoming
    assert "Velferdsutvalget 02.10.2019" in upcoming
    assert "Avlyst" in upcoming
    assert "Driftskomiteen 20.06.2019" not in upcoming  # already held: under past meetings
    assert upcoming.index("September 2019") < upcoming.index("Oktober 2019")
    assert 'href="/politikk/driftskomiteen/moter/2019-06-20/"' in past
    assert "Driftskomiteen 25.09.2019" not in past


def test_calendar_page_lists_past_meetings_newest_first_and_paginated(tree, client):
    for day in range(1, 23):
        MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 8, day))
    html = client.get("/kalender/").content.decode()
    past = html.split('id="tidligere-moter-tittel"')[1]
    assert past.index("Driftskomiteen 22.08.2019") < past.index("Driftskomiteen 03.08.2019")
    assert "Driftskomiteen 02.08.2019" not in past  # on the next page of the list
    assert 'href="?tidligere=2#tidligere-moter"' in past
    second = client.get("/kalender/", {"tidligere": 2}).content.decode()
    assert "Driftskomiteen 01.08.2019" in second.split('id="tidligere-moter-tittel"')[1]


def test_calendar_page_filters_by_body(meetings, client):
    html = client.get("/kalender/", {"organ": "velferdsutvalget"}).content.decode()
    assert "Kommende møter i Velferdsutvalget" in html
    assert "Velferdsutvalget 02.10.2019" in html
    assert "Driftskomiteen 25.09.2019" not in html
    assert "Driftskomiteen 20.06.2019" not in html  # another body's past meeting
    assert client.get("/kalender/", {"organ": "finnes-ikke"}).status_code == 404


def test_calendar_page_says_when_there_is_nothing(tree, client):
    tree.meeting.unpublish()
    assert "Ingen kommende møter er publisert." in client.get("/kalender/").content.decode()


def test_calendar_page_queries_do_not_grow_with_meetings(tree, client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/kalender/").status_code == 200
        return len(queries)

    client.get("/kalender/")
    few = count()
    for day in range(1, 16):
        MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 11, day))
    assert count() == few


def test_feed_has_times_places_status_and_links(meetings, client):
    found = {str(e["summary"]): e for e in events(client.get("/kalender.ics"))}
    assert set(found) == {
        "Driftskomiteen 25.09.2019",
        "Driftskomiteen 20.06.2019",
        "Velferdsutvalget 02.10.2019",
    }
    meeting = found["Driftskomiteen 25.09.2019"]
    assert meeting["dtstart"].dt == datetime.datetime(
        2019, 9, 25, 9, 0, tzinfo=meeting["dtstart"].dt.tzinfo
    )
    assert str(meeting["dtstart"].dt.tzinfo) == "Europe/Oslo"
    assert meeting["dtend"].dt.hour == 14 and meeting["dtend"].dt.minute == 30
    assert "Formannskapssalen" in str(meeting["location"])
    assert str(meeting["url"]).endswith("/politikk/driftskomiteen/moter/2019-09-25/")
    cancelled = found["Velferdsutvalget 02.10.2019"]
    assert str(cancelled["status"]) == "CANCELLED"
    assert "For få saker" in str(cancelled["description"])
    assert cancelled["dtstart"].dt == datetime.date(2019, 10, 2)  # all day: no time recorded


def test_feed_for_one_body_and_for_one_meeting(meetings, client):
    summaries = [
        str(e["summary"]) for e in events(client.get("/kalender.ics?organ=velferdsutvalget"))
    ]
    assert summaries == ["Velferdsutvalget 02.10.2019"]
    page_html = client.get(meetings["upcoming"].url).content.decode()
    ics_url = f"/kalender/mote-{meetings['upcoming'].pk}.ics"
    assert ics_url in page_html
    assert [str(e["summary"]) for e in events(client.get(ics_url))] == ["Driftskomiteen 25.09.2019"]


def test_feed_leaves_out_unpublished_meetings_and_agendas(meetings, client):
    AgendaItemFactory(
        page=meetings["upcoming"],
        title="Hemmelig personalsak",
        exempt=True,
        public_title="Personalsak",
        exempt_basis="Offl. § 13",
    )
    meetings["past"].unpublish()
    body = client.get("/kalender.ics").content.decode()
    assert "Hemmelig" not in body
    assert "20.06.2019" not in body
    assert client.get(f"/kalender/mote-{meetings['past'].pk}.ics").status_code == 404
