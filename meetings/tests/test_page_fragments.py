"""A detail page's content is rendered once per content generation (`{% page_fragment %}`),
with the page cache off as in every other test: what a visitor sees is still always current.

The page's own queries run only when its fragment is rendered; what changes without a
publish (the places left, the form, the date) is read on every request.
"""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.factories import (
    InvitationFormFieldFactory,
    InvitationPageFactory,
    MeetingPageFactory,
)
from meetings.models import BodyPage, CasePage, MeetingPage, Registration
from plans.models import PlanPage


@pytest.fixture
def case(demo_site):
    return CasePage.objects.live().get(url_path__endswith="/saker/2019-27/")


def detail_urls():
    """One page of each detail type in the demo."""
    meeting = MeetingPage.objects.live().get(
        url_path__endswith="/kompetanseforum/moter/2014-09-04/"
    )
    return {
        "case": CasePage.objects.live().get(url_path__endswith="/saker/2019-27/").url,
        "meeting": meeting.url,
        "minutes": meeting.url + "referat/",
        "invitation": MeetingPage.objects.live()
        .get(url_path__endswith="/fylkesmannen-i-more-og-romsdal/moter/2020-01-22/")
        .url
        + "innkalling/",
        "plan": PlanPage.objects.live().order_by("pk").first().url,
        "calendar": "/kalender/",
    }


def test_a_second_visit_renders_the_same_page_with_a_few_queries(demo_site, client):
    for name, url in detail_urls().items():
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert first.status_code == second.status_code == 200, url
        assert second.content == first.content, name
        # Routing reads the pages from the generation's cache too; the invitation counts its
        # registrations, which change without a publish (the places left).
        assert len(queries) <= (1 if name == "invitation" else 0), (name, queries.captured_queries)


def test_routing_follows_an_unpublish_and_a_new_address_at_once(case, client):
    """The pages routing passes through are kept per content generation: a page unpublished,
    or given a new slug, is gone from its old address on the next request."""
    old_url = case.url
    assert client.get(old_url).status_code == 200
    case.slug = "2019-27-ny"
    case.save_revision().publish()
    assert client.get(old_url).status_code == 404
    new_url = CasePage.objects.get(pk=case.pk).url
    assert new_url.endswith("/saker/2019-27-ny/")
    assert client.get(new_url).status_code == 200
    CasePage.objects.get(pk=case.pk).unpublish()
    assert client.get(new_url).status_code == 404
    # A made-up address below a real one stays a 404, however often it is asked for.
    for _ in range(2):
        assert client.get(old_url.replace("/saker/", "/moter/")).status_code == 404


def test_a_meeting_published_shows_in_the_calendar_at_once(tree, client):
    with time_machine.travel(datetime.datetime(2019, 9, 1, 12, tzinfo=datetime.UTC)):
        assert "/moter/2019-09-20/" not in client.get("/kalender/").content.decode()
        MeetingPageFactory(parent=tree.body, date=datetime.date(2019, 9, 20))
        assert "/moter/2019-09-20/" in client.get("/kalender/").content.decode()


def test_a_publish_elsewhere_shows_on_the_page_at_once(case, client):
    assert "Driftskomiteen" in client.get(case.url).content.decode()
    body = BodyPage.objects.get(pk=case.body_page_id)
    body.title = "Drifts- og miljøkomiteen"
    body.save_revision().publish()
    page = client.get(case.url).content.decode()
    assert "Drifts- og miljøkomiteen" in page
    assert "Driftskomiteen</a>" not in page


def test_a_preview_and_an_old_version_are_never_taken_from_the_fragment(case, client):
    draft = "Et vedtak som bare finnes i utkastet."
    client.get(case.url)  # its fragment is stored
    case.decision = f"<p>{draft}</p>"  # the same title: the fragment's key would match
    preview = case.make_preview_request()
    assert draft in preview.content.decode()
    assert draft not in client.get(case.url).content.decode()

    case.save_revision().publish()
    first = case.revisions.order_by("created_at").first()
    # The old version first: had it been stored, the live page would show it next.
    old = client.get(f"{case.url}versjoner/{first.pk}/").content.decode()
    assert draft not in old and case.title in old
    assert draft in client.get(case.url).content.decode()


@pytest.fixture
def invitation(tree):
    page = InvitationPageFactory(
        parent=tree.meeting,
        title="Invitasjon til dialogmøte",
        registration_deadline=datetime.date(2019, 9, 10),
        capacity=2,
        to_address="arrangor@example.org",
        from_address="ikke-svar@example.org",
    )
    InvitationFormFieldFactory(page=page, label="Navn", sort_order=0, purpose="name")
    return page


def test_registration_closes_on_the_meeting_page_without_a_publish(tree, invitation, client):
    with time_machine.travel(datetime.datetime(2019, 9, 10, 12, tzinfo=datetime.UTC)):
        assert "Meld deg på" in client.get(tree.meeting.url).content.decode()
    with time_machine.travel(datetime.datetime(2019, 9, 11, 12, tzinfo=datetime.UTC)):
        assert "Meld deg på" not in client.get(tree.meeting.url).content.decode()


@time_machine.travel(datetime.datetime(2019, 9, 1, 12, tzinfo=datetime.UTC))
def test_the_places_left_follow_each_registration(invitation, client):
    assert "2 plasser av 2 er ledige" in client.get(invitation.url).content.decode()
    Registration.objects.create(page=invitation, form_data={"navn": "Ola"})
    assert "1 plass av 2 er ledig" in client.get(invitation.url).content.decode()
