"""What leaves the public site shows as `deleted: true` in OParl lists asked with
`modified_since`, for every type a mirror keeps: organizations, memberships, people, meetings,
agenda items, Files (attachments and the minutes page), papers and consultations."""

import datetime
import json

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from meetings.models import (
    AgendaItem,
    BodyMember,
    CaseAttachment,
    CaseFlowStep,
    CasePage,
    MeetingPage,
    MinutesPage,
    Person,
)

LISTS = {
    "organization": "organizations",
    "membership": "memberships",
    "person": "people",
    "meeting": "meetings",
    "agendaitem": "agenda-items",
    "paper": "papers",
    "consultation": "consultations",
    "file": "files",
}
TOMBSTONE_FIELDS = {"id", "type", "created", "modified", "deleted"}


def oparl_url(kind, key):
    return f"http://testserver/oparl/v1/{kind}/{key}/"


def stamp(moment):
    return moment.isoformat().replace("+", "%2B")


@pytest.fixture
def since():
    """A moment before the test's changes, for `modified_since`."""
    return stamp(timezone.now() - datetime.timedelta(seconds=1))


@pytest.fixture
def synced(client, committee, oparl_validator):
    """synced(kind, since) -> {id: object} of the list of `kind` asked with modified_since.

    Each tombstone is checked against the schema and carries nothing but the tombstone fields.
    """

    def read(kind, since):
        site = committee.get_site()
        url = f"/oparl/v1/body/{site.pk}/{LISTS[kind]}/?modified_since={since}"
        found = {}
        while url:
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]
            data = json.loads(response.content)
            for item in data["data"]:
                oparl_validator(item)
                if item.get("deleted"):
                    assert set(item) <= TOMBSTONE_FIELDS, item
                found[item["id"]] = item
            url = data["links"].get("next")
        return found

    return read


def deleted(objects):
    return {url for url, item in objects.items() if item.get("deleted")}


def object_keys(body):
    """The OParl URLs of everything under `body`, by kind."""
    meetings = MeetingPage.objects.child_of(body)
    cases = CasePage.objects.child_of(body)
    return {
        "organization": {oparl_url("organization", body.pk)},
        "membership": {oparl_url("membership", m.pk) for m in BodyMember.objects.filter(page=body)},
        "person": {
            oparl_url("person", pk)
            for pk in BodyMember.objects.filter(page=body).values_list("person_id", flat=True)
        },
        "meeting": {oparl_url("meeting", m.pk) for m in meetings},
        "agendaitem": {
            oparl_url("agendaitem", i.pk) for i in AgendaItem.objects.filter(page__in=meetings)
        },
        "paper": {oparl_url("paper", c.pk) for c in cases},
        "consultation": {
            oparl_url("consultation", s.pk) for s in CaseFlowStep.objects.filter(page__in=cases)
        },
        "file": {oparl_url("file", a.pk) for a in CaseAttachment.objects.filter(page__in=cases)}
        | {oparl_url("file", f"page-{m.pk}") for m in MinutesPage.objects.all()},
    }


@pytest.mark.django_db
def test_a_body_made_private_takes_everything_under_it_out_and_back(
    committee, add_meetings, synced, since, client
):
    add_meetings(committee, 2)
    everything = object_keys(committee)

    restriction = PageViewRestriction.objects.create(
        page=committee, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    for kind, urls in everything.items():
        assert deleted(synced(kind, since)) == urls, kind
        for url in urls:
            response = client.get(url.removeprefix("http://testserver"))
            assert json.loads(response.content)["deleted"] is True, url
    # Clients that synced after the change see nothing new.
    later = stamp(timezone.now() + datetime.timedelta(minutes=1))
    assert not synced("meeting", later)

    restriction.delete()

    for kind, urls in everything.items():
        listed = synced(kind, "2000-01-01T00:00:00Z")
        assert not deleted(listed), kind
        for url in urls - set(listed):  # the minutes Files are in their meetings only
            assert "/file/page-" in url
            data = json.loads(client.get(url.removeprefix("http://testserver")).content)
            assert "deleted" not in data and data["mimeType"] == "text/html"


@pytest.mark.django_db
def test_an_unpublished_meeting_takes_its_agenda_and_minutes_file_out(
    committee, add_meetings, synced, since
):
    add_meetings(committee, 2)
    meeting = MeetingPage.objects.order_by("pk").first()
    items = {oparl_url("agendaitem", i.pk) for i in meeting.agenda_items.all()}
    minutes = MinutesPage.objects.child_of(meeting).get()

    meeting.unpublish()

    assert deleted(synced("meeting", since)) == {oparl_url("meeting", meeting.pk)}
    assert deleted(synced("agendaitem", since)) == items
    assert deleted(synced("file", since)) == {oparl_url("file", f"page-{minutes.pk}")}
    # The case it treated is still public, and so is its member (still a member).
    assert not deleted(synced("paper", since)) and not deleted(synced("person", since))

    meeting.save_revision().publish()
    assert not deleted(synced("agendaitem", since))


@pytest.mark.django_db
def test_rows_removed_or_made_exempt_in_an_edit(committee, add_meetings, synced, since):
    add_meetings(committee, 1)
    meeting = MeetingPage.objects.get()
    removed, kept = meeting.agenda_items.order_by("number")
    meeting.agenda_items = [kept]
    meeting.save_revision().publish()
    case = CasePage.objects.get()
    attachment = case.attachments.get()
    attachment.exempt, attachment.exempt_basis = True, "Offl. § 13"
    attachment.public_title = "Unntatt vedlegg"
    case.attachments = [attachment]
    case.save_revision().publish()

    assert deleted(synced("agendaitem", since)) == {oparl_url("agendaitem", removed.pk)}
    assert deleted(synced("file", since)) == {oparl_url("file", attachment.pk)}
    # An agenda item made exempt stays in the list, public: false, with its public title.
    kept.exempt, kept.exempt_basis, kept.public_title = True, "Offl. § 13", "Personalsak"
    meeting = MeetingPage.objects.get()
    meeting.agenda_items = [kept]
    meeting.save_revision().publish()
    listed = synced("agendaitem", since)[oparl_url("agendaitem", kept.pk)]
    assert listed["public"] is False and listed["name"] == "Personalsak"
    assert "deleted" not in listed


@pytest.mark.django_db
def test_a_deleted_case_takes_its_consultations_and_files_out(
    committee, add_meetings, synced, since
):
    add_meetings(committee, 2)
    case = CasePage.objects.order_by("pk").first()
    steps = {oparl_url("consultation", s.pk) for s in case.flow_steps.all()}
    files = {oparl_url("file", a.pk) for a in case.attachments.all()}

    case.delete()

    assert deleted(synced("paper", since)) == {oparl_url("paper", case.pk)}
    assert deleted(synced("consultation", since)) == steps
    assert deleted(synced("file", since)) == files


@pytest.mark.django_db
def test_people_and_memberships_that_leave(committee, add_meetings, synced, since):
    add_meetings(committee, 3)
    first, second, third = BodyMember.objects.filter(page=committee).order_by("pk")
    # Second is removed from the body but attends minutes: still public.
    committee.members = [first, third]
    committee.save_revision().publish()
    assert deleted(synced("membership", since)) == {oparl_url("membership", second.pk)}
    assert not deleted(synced("person", since))
    # Third is deleted from the people register altogether.
    Person.objects.filter(pk=third.person_id).delete()
    # First appears nowhere public once the body's minutes are gone.
    for minutes in MinutesPage.objects.all():
        minutes.unpublish()
    committee = committee.specific_class.objects.get(pk=committee.pk)
    committee.members = []
    committee.save_revision().publish()

    gone = deleted(synced("person", since))
    assert gone == {oparl_url("person", m.person_id) for m in (first, second, third)}
