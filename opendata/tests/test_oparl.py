"""OParl 1.1 at /oparl/v1/: valid objects, a linked graph, pagination, filters, tombstones."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from meetings.factories import (
    PersonFactory,
)
from meetings.models import (
    BodyMember,
    BodyPage,
    CasePage,
    MeetingPage,
    MemberRole,
)

ALL_TYPES = {
    "System",
    "Body",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
    "LegislativeTerm",
}


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def body_lists(client):
    system = get_json(client, "/oparl/v1/")
    return get_json(client, system["body"])["data"][0]


@pytest.mark.django_db
def test_every_object_of_the_demo_is_valid_oparl_and_every_link_resolves(
    demo_site, crawl, oparl_validator
):
    body = BodyPage.objects.get(slug="driftskomiteen")
    BodyMember.objects.create(page=body, person=PersonFactory(), role=MemberRole.LEADER)

    responses = crawl("http://testserver/oparl/v1/")

    broken = [url for url, r in responses.items() if r.status_code != 200]
    assert not broken
    types = set()
    for response in responses.values():
        if not response["Content-Type"].startswith("application/json"):
            continue
        data = json.loads(response.content)
        assert response["Access-Control-Allow-Origin"] == "*"
        if "pagination" in data:
            assert set(data["links"]) >= {"first", "last"}
            items = data["data"]
        else:
            items = [data]
        for item in items:
            types.add(oparl_validator(item))
    assert types == ALL_TYPES
    # Web pages and files the graph names are served too (HTML, PDF).
    assert any("/dokumenter/" in url for url in responses)
    assert any(url.endswith("/innkalling/") for url in responses)


@pytest.mark.django_db
def test_demo_meeting_carries_its_agenda_votes_and_proposal_in_named_fields(demo_site, client):
    lists = body_lists(client)
    papers = get_json(client, lists["paper"])["data"]
    case = next(p for p in papers if p["reference"] == "27/19")
    assert case["radhus:proposal"]
    assert case["auxiliaryFile"][0]["mimeType"] == "application/pdf"
    assert len(case["auxiliaryFile"][0]["sha512Checksum"]) == 128
    assert case["auxiliaryFile"][0]["size"] > 0
    assert case["auxiliaryFile"][0]["accessUrl"].startswith("http://testserver/dokumenter/")
    meetings = get_json(client, lists["meeting"])["data"]
    items = [item for meeting in meetings for item in meeting.get("agendaItem", [])]
    votes = [item["radhus:vote"] for item in items if "radhus:vote" in item]
    assert votes, "the demo minutes record votes"


# Wagtail's public() asks for view restrictions once per page type used; the rest is fixed.
MAX_LIST_QUERIES = 18
# A modified_since list also counts its tombstones and reads a page of them.
MAX_SYNC_QUERIES = MAX_LIST_QUERIES + 2
LIST_KEYS = [
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaItem",
    "paper",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
]


@pytest.mark.django_db
def test_a_list_page_costs_the_same_queries_for_few_and_many_objects(
    committee, add_meetings, client, django_assert_max_num_queries
):
    add_meetings(committee, 2)
    lists = body_lists(client)
    counts = {}
    for key in LIST_KEYS:
        with django_assert_max_num_queries(MAX_LIST_QUERIES) as captured:
            assert get_json(client, lists[key])["data"]
        counts[key] = len(captured)
    add_meetings(committee, 20, start=2)
    cache.clear()
    body_lists(client)  # warm the shared lookups (site, restrictions) again, as for the first round
    for key in LIST_KEYS:
        with django_assert_max_num_queries(MAX_LIST_QUERIES) as captured:
            data = get_json(client, lists[key])
        if key not in ("organization", "locationList", "legislativeTermList"):
            assert len(data["data"]) == 20, key  # a full page
        assert len(captured) == counts[key], key


@pytest.mark.django_db
@pytest.mark.parametrize("removed", [1, 12])
def test_a_syncing_list_page_with_tombstones_is_query_bounded(
    committee, add_meetings, client, django_assert_max_num_queries, removed
):
    """`modified_since` lists add the tombstones after the live objects: a page mixing both
    (few removed) and a page of tombstones only (many removed) stay within the bound."""
    add_meetings(committee, 14)
    for meeting in MeetingPage.objects.order_by("pk")[:removed]:
        meeting.unpublish()
    for case in CasePage.objects.order_by("pk")[:removed]:
        case.delete()
    cache.clear()
    lists = body_lists(client)
    for key in LIST_KEYS:
        url = lists[key] + "?modified_since=2000-01-01T00:00:00Z"
        pages = get_json(client, url)["pagination"]["totalPages"]
        for number in range(1, pages + 1):
            with django_assert_max_num_queries(MAX_SYNC_QUERIES):
                get_json(client, f"{url}&page={number}")


@pytest.mark.django_db
def test_lists_are_paginated_as_the_spec_says(committee, add_meetings, client, settings):
    settings.RADHUS_OPARL_PAGE_SIZE = 2
    add_meetings(committee, 5)
    url = body_lists(client)["meeting"]
    first = get_json(client, url)
    assert first["pagination"] == {
        "totalElements": 5,
        "elementsPerPage": 2,
        "currentPage": 1,
        "totalPages": 3,
    }
    assert "prev" not in first["links"]
    second = get_json(client, first["links"]["next"])
    assert second["pagination"]["currentPage"] == 2
    assert {"first", "prev", "next", "last"} <= set(second["links"])
    last = get_json(client, second["links"]["last"])
    assert len(last["data"]) == 1 and "next" not in last["links"]
    ids = [m["id"] for page in (first, second, last) for m in page["data"]]
    assert len(set(ids)) == 5
    filtered = get_json(client, url + "?created_since=2000-01-01T00:00:00%2B01:00")
    assert "created_since=2000-01-01T00%3A00%3A00%2B01%3A00" in filtered["links"]["next"]
    assert get_json(client, url + "?page=4", status=404)["error"]
    assert get_json(client, url + "?page=0", status=400)["error"]
    assert get_json(client, url + "?page=x", status=400)["error"]


@pytest.mark.django_db
def test_date_filters_select_by_creation_and_change(committee, add_meetings, client):
    add_meetings(committee, 2)
    url = body_lists(client)["meeting"]
    older = MeetingPage.objects.order_by("pk").first()
    MeetingPage.objects.filter(pk=older.pk).update(
        first_published_at=datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC),
        last_published_at=datetime.datetime(2015, 6, 1, tzinfo=datetime.UTC),
    )
    since = get_json(client, url + "?modified_since=2016-01-01T00:00:00%2B01:00")["data"]
    assert older.pk not in [int(m["id"].rstrip("/").rsplit("/", 1)[1]) for m in since]
    until = get_json(client, url + "?created_until=2015-02-01T00:00:00Z")["data"]
    assert [m["name"] for m in until] == [older.title]
    both = get_json(
        client,
        url + "?modified_since=2015-05-01T00:00:00%2B02:00&modified_until=2015-07-01T00:00:00Z",
    )["data"]
    assert len(both) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", ["yesterday", "2024-01-01T00:00:00", "2024-13-01T00:00:00Z", "", "\x00"]
)
def test_a_bad_date_filter_is_a_clear_error(committee, client, value):
    url = body_lists(client)["paper"]
    error = get_json(client, f"{url}?modified_since={value}", status=400)["error"]
    assert "ISO 8601" in error and "modified_since" in error


@pytest.mark.django_db
def test_an_unpublished_meeting_becomes_a_tombstone_for_clients_that_sync(
    committee, add_meetings, client, oparl_validator
):
    add_meetings(committee, 2)
    url = body_lists(client)["meeting"]
    before = timezone.now() - datetime.timedelta(seconds=1)
    since = before.isoformat().replace("+", "%2B")
    meeting = MeetingPage.objects.order_by("pk").first()
    meeting_url = f"http://testserver/oparl/v1/meeting/{meeting.pk}/"
    assert get_json(client, meeting_url)["name"] == meeting.title

    meeting.unpublish()

    assert meeting_url not in [m["id"] for m in get_json(client, url)["data"]]
    synced = get_json(client, f"{url}?modified_since={since}")["data"]
    tombstone = next(m for m in synced if m["id"] == meeting_url)
    assert tombstone["deleted"] is True and "name" not in tombstone
    oparl_validator(tombstone)
    assert get_json(client, meeting_url)["deleted"] is True
    # Old syncs do not see it: it was removed after they ran.
    later = (timezone.now() + datetime.timedelta(minutes=1)).isoformat().replace("+", "%2B")
    assert meeting_url not in [
        m["id"] for m in get_json(client, f"{url}?modified_since={later}")["data"]
    ]

    meeting.save_revision().publish()
    assert "deleted" not in get_json(client, meeting_url)


@pytest.mark.django_db
def test_a_deleted_case_becomes_a_tombstone(committee, add_meetings, client):
    add_meetings(committee, 1)
    url = body_lists(client)["paper"]
    case = CasePage.objects.get()
    case_url = f"http://testserver/oparl/v1/paper/{case.pk}/"
    case.delete()
    synced = get_json(client, f"{url}?modified_since=2000-01-01T00:00:00Z")["data"]
    assert [p for p in synced if p["id"] == case_url][0]["deleted"] is True
    assert get_json(client, url)["data"] == []


@pytest.mark.django_db
def test_omit_internal_leaves_out_embedded_objects(committee, add_meetings, client):
    add_meetings(committee, 1)
    url = body_lists(client)["meeting"]
    full = get_json(client, url)["data"][0]
    assert full["agendaItem"] and full["location"]
    slim = get_json(client, url + "?omit_internal=true")["data"][0]
    assert "agendaItem" not in slim and "location" not in slim
    assert slim["id"] == full["id"]


@pytest.mark.django_db
def test_unpublished_and_private_pages_never_appear(committee, add_meetings, client):
    from wagtail.models import PageViewRestriction

    add_meetings(committee, 3)
    hidden, private, shown = MeetingPage.objects.order_by("pk")
    hidden.unpublish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    url = body_lists(client)["meeting"]
    names = [m["id"] for m in get_json(client, url)["data"]]
    assert names == [f"http://testserver/oparl/v1/meeting/{shown.pk}/"]
    for page in (hidden, private):  # a tombstone, not the meeting
        assert set(get_json(client, f"/oparl/v1/meeting/{page.pk}/")) == {
            "id",
            "type",
            "created",
            "modified",
            "deleted",
        }


@pytest.mark.django_db
def test_responses_are_cached_and_renewed_on_publish(
    committee, add_meetings, client, django_assert_num_queries
):
    add_meetings(committee, 1)
    meeting = MeetingPage.objects.get()
    url = f"/oparl/v1/meeting/{meeting.pk}/"
    get_json(client, url)
    with django_assert_num_queries(0):
        get_json(client, url)
    meeting.title = "Nytt navn"
    meeting.save_revision().publish()
    assert get_json(client, url)["name"] == "Nytt navn"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/oparl/v1/meeting/99999999999999999999999/",
        "/oparl/v1/meeting/abc/",
        "/oparl/v1/nothing/1/",
        "/oparl/v1/body/99999999999999999999999/",
        "/oparl/v1/body/1/nothing/",
        "/oparl/v1/organization/99999999999999999999999/meetings/",
        "/oparl/v1/file/page-99999999999999999999999/",
        "/oparl/v1/location/zzz/",
        "/oparl/v1/legislativeterm/1999/",
    ],
)
def test_unknown_objects_are_json_404s(committee, client, url):
    assert get_json(client, url, status=404)["error"]


@pytest.mark.django_db
def test_only_get_is_allowed(committee, client):
    assert client.post("/oparl/v1/").status_code == 405
