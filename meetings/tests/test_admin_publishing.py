"""A body's leader approves what a secretary submitted: the approved version goes live.

The leader posts the edit form exactly as the browser sends it, untouched. The form must not
see a change in it (Wagtail then saves a new revision that waits for approval again).
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


def dict_to_multi(pairs):
    from django.utils.datastructures import MultiValueDict

    data = MultiValueDict()
    for name, value in pairs:
        data.appendlist(name, value)
    return data
