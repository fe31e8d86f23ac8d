"""Listings fetch what they show in a fixed number of queries (5 and 50 items cost the same)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.factories import (
    BodyPageFactory,
    CasePageFactory,
    MeetingPageFactory,
    MinutesPageFactory,
    PersonFactory,
)
from meetings.models import BodyMember, FollowUp


def add_items(tree, minutes, first, last):
    """Meetings (past and future), cases, members, open follow-ups and bodies first..last-1."""
    officer = PersonFactory()
    today = datetime.date.today()
    for n in range(first, last):
        offset = datetime.timedelta(days=n + 1)
        MeetingPageFactory(parent=tree.body, date=today + offset if n % 2 else today - offset)
        CasePageFactory(parent=tree.body, case_officer=officer, case_year=2019 + n % 3)
        BodyMember.objects.create(page=tree.body, person=PersonFactory(), role="member")
        FollowUp.objects.create(page=minutes, action=f"Punkt {n}", responsible=officer)
        BodyPageFactory(parent=tree.index)


def queries_for(client, url):
    client.get(url)  # warm per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/politikk/",
        "/politikk/driftskomiteen/",
        "/politikk/driftskomiteen/?ar=2020&status=preparation&saker=2",
    ],
)
def test_listing_queries_do_not_grow_with_the_number_of_items(tree, client, path):
    minutes = MinutesPageFactory(parent=tree.meeting)
    add_items(tree, minutes, 0, 5)
    few = queries_for(client, path)
    add_items(tree, minutes, 5, 50)
    many = queries_for(client, path)
    assert many == few, (path, few, many)
    assert many <= 30
