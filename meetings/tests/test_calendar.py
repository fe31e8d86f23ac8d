import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from meetings import calendar
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
        client.get("/kalender/")  # refill what a publish empties (navigation, cms.cache)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/kalender/").status_code == 200
        return len(queries)

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


def month_section(html):
    return html.split('id="maned"')[1].split("</section>")[0]


def test_the_month_grid_is_a_table_with_weekdays_and_today(meetings, client):
    html = month_section(client.get("/kalender/").content.decode())
    assert "<caption>September 2019</caption>" in html
    headers = re.findall(r'<th scope="col"><abbr title="(\w+)">', html)
    assert headers == ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
    today = re.search(r'<td class="[^"]*" aria-current="date">(.*?)</td>', html, re.S).group(1)
    assert 'datetime="2019-09-01"' in today
    # 25 September has a meeting: its cell links to the meeting page.
    cell = re.search(r'<td [^>]*>\s*<time [^>]*datetime="2019-09-25".*?</td>', html, re.S).group(0)
    assert f'href="{meetings["upcoming"].url}"' in cell
    assert "month-grid__busy" in cell


def test_months_are_browsed_with_maned(meetings, client):
    html = month_section(client.get("/kalender/", {"maned": "2019-06"}).content.decode())
    assert "<caption>Juni 2019</caption>" in html
    assert f'href="{meetings["past"].url}"' in html  # a past meeting, in its month
    assert 'href="?maned=2019-05#maned"' in html and 'href="?maned=2019-07#maned"' in html
    body = client.get("/kalender/", {"maned": "2019-10", "organ": "velferdsutvalget"})
    section = month_section(body.content.decode())
    assert f'href="{meetings["cancelled"].url}"' in section and "Avlyst" in section
    assert 'href="?maned=2019-11&amp;organ=velferdsutvalget#maned"' in section
    empty = month_section(client.get("/kalender/", {"maned": "2020-02"}).content.decode())
    assert "Ingen publiserte møter i februar 2020." in empty


@pytest.mark.parametrize("value", ["2019-13", "2019-6", "２０１９-06", "19-06", "2019-06-01", "x"])
def test_a_bad_month_gets_a_message_next_to_the_field(meetings, client, value):
    response = client.get("/kalender/", {"maned": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="calendar-month-error"' in html
    assert "Skriv måneden som år og måned, for eksempel 2026-12." in html
    assert "<caption>September 2019</caption>" in html  # the current month instead


def test_every_ics_is_valid_with_a_timezone_and_stable_uids(meetings, client):
    responses = [
        client.get("/kalender.ics"),
        client.get("/kalender.ics", {"organ": "velferdsutvalget"}),
        *(client.get(f"/kalender/mote-{m.pk}.ics") for m in meetings.values() if m.depth == 5),
    ]
    for response in responses:
        calendar = Calendar.from_ical(response.content)
        zones = calendar.walk("VTIMEZONE")
        assert [str(zone["tzid"]) for zone in zones] == ["Europe/Oslo"]
        for event in calendar.walk("VEVENT"):
            assert {"uid", "dtstamp", "dtstart", "summary", "url", "sequence"} <= {
                key.lower() for key in event
            }
    first = {str(e["uid"]) for e in events(client.get("/kalender.ics"))}
    assert first == {str(e["uid"]) for e in events(client.get("/kalender.ics"))}
    assert f"meeting-{meetings['upcoming'].pk}@testserver" in first


def test_sequence_grows_when_a_meeting_is_published_again(meetings, client):
    url = f"/kalender/mote-{meetings['upcoming'].pk}.ics"
    before = int(events(client.get(url))[0]["sequence"])
    meeting = meetings["upcoming"]
    meeting.place_name = "Rådhussalen"
    meeting.save_revision().publish()
    after = events(client.get(url))[0]
    assert int(after["sequence"]) == before + 1
    assert "Rådhussalen" in str(after["location"])


def test_the_feed_has_the_public_agenda_but_no_exempt_text(meetings, client):
    AgendaItemFactory(page=meetings["upcoming"], title="Budsjett 2020")
    AgendaItemFactory(
        page=meetings["upcoming"],
        title="Hemmelig personalsak Hansen",
        exempt=True,
        public_title="Personalsak",
        exempt_basis="Offl. § 13",
    )
    event = events(client.get(f"/kalender/mote-{meetings['upcoming'].pk}.ics"))[0]
    description = str(event["description"])
    assert "Budsjett 2020" in description and "Personalsak" in description
    assert "Hemmelig" not in description and "Hansen" not in description


def test_the_feed_reaches_three_months_back_and_all_planned(tree, client):
    MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 5, 20))  # over 3 months ago
    MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 6, 5))
    MeetingPageFactory(parent=tree.body, date=datetime.date(2023, 1, 10))
    summaries = {str(e["summary"]) for e in events(client.get("/kalender.ics"))}
    assert "Driftskomiteen 05.06.2019" in summaries and "Driftskomiteen 10.01.2023" in summaries
    assert "Driftskomiteen 20.05.2019" not in summaries


def test_the_feed_is_bounded_and_the_coming_meetings_come_first(tree, client, monkeypatch):
    monkeypatch.setattr(calendar, "FEED_LIMIT", 4)
    for day in (2, 10, 20):  # held in August 2019, within the three months
        MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 8, day))
    for month in (10, 11, 12):  # + tree.meeting on 25.09.2019: four coming meetings
        MeetingPageFactory(parent=tree.body, date=datetime.date(2019, month, 3))
    dates = sorted(e["dtstart"].dt.date() for e in events(client.get("/kalender.ics")))
    assert dates == [datetime.date(2019, m, d) for m, d in [(9, 25), (10, 3), (11, 3), (12, 3)]]

    tree.meeting.unpublish()  # three coming meetings leave room for the newest held one
    dates = sorted(e["dtstart"].dt.date() for e in events(client.get("/kalender.ics")))
    assert dates == [datetime.date(2019, m, d) for m, d in [(8, 20), (10, 3), (11, 3), (12, 3)]]


def test_the_calendar_page_tells_what_the_feed_holds(meetings, client):
    html = client.get("/kalender/").content.decode()
    assert "de kommende møtene og møtene fra de siste 3 månedene" in html
    assert f"høyst {calendar.FEED_LIMIT} møter" in html


def test_feed_text_is_escaped_and_folded(tree, client):
    place = "Rådhuset, store sal; 2. etasje \\ inngang " + "ø" * 80
    MeetingPageFactory(
        parent=tree.body, date=datetime.date(2019, 10, 7), place_name=place, place_address=""
    )
    raw = client.get("/kalender.ics").content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    found = [e for e in events(client.get("/kalender.ics")) if "07.10.2019" in str(e["summary"])]
    assert str(found[0]["location"]) == place


def test_the_pages_announce_their_calendars(meetings, client):
    html = client.get("/kalender/", {"organ": "velferdsutvalget"}).content.decode()
    assert (
        '<link rel="alternate" type="text/calendar" title="Møtekalender (iCalendar)" '
        'href="/kalender.ics?organ=velferdsutvalget">' in html
    )
    page = client.get(meetings["upcoming"].url).content.decode()
    assert "Legg til i kalenderen" in page


def test_a_body_page_announces_its_own_calendar(meetings, client):
    html = client.get(meetings["other"].url).content.decode()
    link = re.search(r'<link rel="alternate" type="text/calendar"[^>]*href="([^"]+)"', html)
    assert link is not None
    summaries = [str(e["summary"]) for e in events(client.get(link.group(1)))]
    assert summaries == ["Velferdsutvalget 02.10.2019"]
