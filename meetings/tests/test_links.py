"""Meeting, invitation and minutes link to each other; meetings link to their neighbours."""

import datetime

from meetings.factories import InvitationPageFactory, MeetingPageFactory, MinutesPageFactory


def test_meeting_invitation_and_minutes_link_both_ways(tree, client):
    invitation = InvitationPageFactory(parent=tree.meeting, title="Innkalling til møtet")
    minutes = MinutesPageFactory(parent=tree.meeting, title="Referat fra møtet")
    pages = {"meeting": tree.meeting, "invitation": invitation, "minutes": minutes}
    html = {name: client.get(page.url).content.decode() for name, page in pages.items()}
    assert f'href="{invitation.url}"' in html["meeting"]
    assert f'href="{minutes.url}"' in html["meeting"]
    assert f'href="{tree.meeting.url}"' in html["invitation"]
    assert f'href="{minutes.url}"' in html["invitation"]
    assert f'href="{tree.meeting.url}"' in html["minutes"]
    assert f'href="{invitation.url}"' in html["minutes"]
    assert invitation.url == "/politikk/driftskomiteen/moter/2019-09-25/innkalling/"


def test_previous_and_next_meeting_of_the_same_body(tree, client):
    earlier = MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 6, 12))
    later = MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 10, 30))
    assert tree.meeting.previous_meeting() == earlier
    assert tree.meeting.next_meeting() == later
    html = client.get(tree.meeting.url).content.decode()
    assert f'<a href="{earlier.url}" rel="prev">' in html
    assert f'<a href="{later.url}" rel="next">' in html
    assert earlier.previous_meeting() is None


def test_body_page_lists_upcoming_and_past_meetings(tree, client):
    today = datetime.date.today()
    future = MeetingPageFactory(parent=tree.body, date=today + datetime.timedelta(days=7))
    html = client.get(tree.body.url).content.decode()
    upcoming, past = html.split('id="tidligere-moter"')
    assert future.title in upcoming and tree.meeting.title in past
