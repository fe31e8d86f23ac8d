"""Publishing through the admin's edit view, posted as the browser sends the form.

- A body's leader approves what a secretary submitted, touching nothing: the approved version
  goes live (the form must see no change, or Wagtail saves a revision that waits again).
- An editor changes the date of a published meeting: its address follows the date and the
  old address (and those of its invitation and minutes) answer 301 to the new one.
"""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

PASSWORD = "Leder-passord-1"


def form_as_posted(html):
    """The fields of the page edit form as the browser posts them, nothing touched.

    An empty rich text field is posted as `null` by Draftail, as in the browser.
    """
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    data = []
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.name == "textarea":
            data.append((name, element.text))
        elif element.name == "select":
            chosen = element.find_all("option", selected=True) or element.find_all("option")[:1]
            data.extend((name, option.get("value", option.text)) for option in chosen)
        else:
            kind = element.get("type", "text")
            if kind in ("submit", "button", "file"):
                continue
            if kind in ("checkbox", "radio") and element.get("checked") is None:
                continue
            value = element.get("value", "on" if kind in ("checkbox", "radio") else "")
            if element.has_attr("data-draftail-input"):
                blocks = json.loads(value)["blocks"] if value else []
                if not any(block["text"] for block in blocks):
                    value = "null"
            data.append((name, value))
    return data


@pytest.fixture
def submitted_meeting(tree, django_user_model):
    """A meeting with an agenda item, submitted for approval by the body's secretary."""
    from meetings.factories import AgendaItemFactory, MeetingPageFactory
    from meetings.models import BodyRoles

    roles = BodyRoles.objects.get(body=tree.body)
    secretary = django_user_model.objects.create_user("sekretaer", password=PASSWORD)
    secretary.groups.add(roles.secretaries)
    leader = django_user_model.objects.create_user("leder", password=PASSWORD)
    leader.groups.add(roles.leaders)

    meeting = MeetingPageFactory(
        parent=tree.body,
        live=False,
        date=datetime.date(2031, 6, 5),
        title="Driftskomiteen 05.06.2031",
        slug="2031-06-05",
    )
    AgendaItemFactory(page=meeting, number=1, title="Budsjett 2032")
    revision = meeting.save_revision(user=secretary)
    workflow = meeting.get_workflow()
    workflow.start(meeting, secretary)
    return meeting, revision, leader


def test_the_leaders_approval_of_an_untouched_meeting_publishes_it(
    client, submitted_meeting, django_capture_on_commit_callbacks
):
    from meetings.models import MeetingPage

    meeting, revision, leader = submitted_meeting
    client.force_login(leader)
    edit_url = f"/admin/pages/{meeting.pk}/edit/"
    data = form_as_posted(client.get(edit_url).content.decode())
    data += [("action-workflow-action", "true"), ("workflow-action-name", "approve")]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, dict_to_multi(data))

    assert response.status_code == 302
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    assert meeting.live
    assert meeting.live_revision_id == revision.pk
    assert not meeting.has_unpublished_changes
    assert meeting.current_workflow_state is None
    assert [item.title for item in meeting.agenda_items.all()] == ["Budsjett 2032"]
    assert client.get(meeting.url).status_code == 200


@pytest.fixture
def editor(django_user_model):
    from cms.roles import EDITORS, setup_roles

    user = django_user_model.objects.create_user("redaktor", password=PASSWORD)
    user.groups.add(setup_roles()[EDITORS])
    return user


def test_a_new_meeting_date_moves_the_address_and_the_old_one_redirects(
    client, tree, editor, django_capture_on_commit_callbacks
):
    from meetings.factories import InvitationPageFactory
    from meetings.models import MeetingPage

    meeting = tree.meeting
    invitation = InvitationPageFactory(parent=meeting, title="Innkalling")
    old_url, old_invitation_url = meeting.url, invitation.url
    assert old_url.endswith("/driftskomiteen/moter/2019-09-25/")

    client.force_login(editor)
    edit_url = f"/admin/pages/{meeting.pk}/edit/"
    data = dict_to_multi(form_as_posted(client.get(edit_url).content.decode()))
    data.setlist("date", ["2.10.2019"])
    data.setlist("change_note", ["Møtet er flyttet."])
    data.setlist("action-publish", ["action-publish"])
    # Wagtail creates the redirects when the transaction commits (page_slug_changed).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    meeting = MeetingPage.objects.get(pk=meeting.pk)
    assert (meeting.title, meeting.slug) == ("Driftskomiteen 02.10.2019", "2019-10-02")
    new_url = meeting.url
    assert new_url.endswith("/driftskomiteen/moter/2019-10-02/")
    client.logout()
    for old, new in [(old_url, new_url), (old_invitation_url, new_url + "innkalling/")]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200
    calendar = client.get(f"/kalender/mote-{meeting.pk}.ics").content.decode()
    assert f"{new_url}\r\n" in calendar.replace("\r\n ", "")
    assert "DTSTART;TZID=Europe/Oslo:20191002T090000" in calendar
    assert old_url not in calendar and "20190925" not in calendar


def dict_to_multi(pairs):
    from django.utils.datastructures import MultiValueDict

    data = MultiValueDict()
    for name, value in pairs:
        data.appendlist(name, value)
    return data
