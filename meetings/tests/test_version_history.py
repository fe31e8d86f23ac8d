"""The public version history on every document type of the meetings app; scheduled publishing."""

import datetime

import time_machine
from django.core.management import call_command
from wagtail.models import Page

from meetings.factories import (
    BodyIndexPageFactory,
    BodyPageFactory,
    CasePageFactory,
    InvitationPageFactory,
    MeetingPageFactory,
    MinutesPageFactory,
)

OSLO = datetime.timezone(datetime.timedelta(hours=1))


def test_history_and_old_versions_of_meetings_invitations_minutes_and_cases(client, home, publish):
    """Every document type has the history, also the invitation with its own form route."""
    body = BodyPageFactory(parent=BodyIndexPageFactory(parent=home), title="Rådet")
    meeting = MeetingPageFactory(parent=body, body_page=body, date=datetime.date(2024, 5, 20))
    pages = [
        meeting,
        InvitationPageFactory(parent=meeting),
        MinutesPageFactory(parent=meeting),
        CasePageFactory(parent=body, body_page=body, title="Sak om veier"),
    ]
    for page in pages:
        first = publish(page)
        second = publish(page, title=f"{page.title} (endret)", change_note="Ny tittel.")
        url = Page.objects.get(pk=page.pk).url
        html = client.get(url + "versjoner/").content.decode()
        assert "2 publiserte versjoner" in html, url
        assert "Ny tittel." in html, url
        response = client.get(f"{url}versjoner/{first.pk}/")
        assert response.status_code == 200, url
        assert "Du ser på en tidligere versjon" in response.content.decode(), url
        diff = client.get(f"{url}versjoner/{second.pk}/endringer/")
        assert diff.status_code == 200, url
        assert "<ins>(endret)</ins>" in diff.content.decode(), url
        current = client.get(url).content.decode()
        assert f'href="{url}versjoner/"' in current, url


def test_an_invitation_goes_live_only_when_publish_scheduled_runs_after_its_date(client, home):
    body = BodyPageFactory(parent=BodyIndexPageFactory(parent=home), title="Rådet")
    meeting = MeetingPageFactory(parent=body, body_page=body, date=datetime.date(2024, 5, 20))
    go_live = datetime.datetime(2024, 5, 1, 8, tzinfo=OSLO)
    with time_machine.travel(datetime.datetime(2024, 4, 20, 12, tzinfo=OSLO), tick=False):
        invitation = InvitationPageFactory(parent=meeting, live=False)
        invitation.go_live_at = go_live
        invitation.save_revision().publish()
        invitation.refresh_from_db()
        assert not invitation.live
        assert client.get(invitation.url).status_code == 404
        call_command("publish_scheduled")
        assert client.get(invitation.url).status_code == 404
    with time_machine.travel(datetime.datetime(2024, 5, 1, 8, 5, tzinfo=OSLO), tick=False):
        call_command("publish_scheduled")
        invitation.refresh_from_db()
        assert invitation.live
        assert client.get(invitation.url).status_code == 200
        history = client.get(invitation.url + "versjoner/").content.decode()
        assert "1 publisert versjon" in history
        assert "01.05.2024" in history
