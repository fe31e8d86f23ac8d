"""Hostile query parameters and addresses never give a 500 from /oparl/ or /api/v2/."""

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from meetings.factories import AgendaItemFactory, BodyPageFactory, MeetingPageFactory
from meetings.models import BodyPage
from opendata.oparl import LISTS

NASTY = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "\x00",
            "9" * 40,
            "-1",
            "0",
            "２０２４-01-01T00:00:00Z",
            "2024-01-01T00:00:00+99:00",
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "x" * 10_000,
        ]
    ),
)
OPARL_PARAMS = st.sampled_from(
    ["created_since", "created_until", "modified_since", "modified_until", "page", "omit_internal"]
)
API_PARAMS = st.sampled_from(
    ["limit", "offset", "fields", "order", "search", "type", "child_of", "descendant_of", "title"]
)
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def small_site(home):
    from wagtail.models import Site

    from meetings.factories import BodyIndexPageFactory

    body = BodyPageFactory(parent=BodyIndexPageFactory(parent=home))
    AgendaItemFactory(page=MeetingPageFactory(parent=body))
    return Site.objects.get(is_default_site=True)


def assert_no_server_error(response):
    """No 500; input echoed in an error is JSON that browsers will not sniff as HTML."""
    assert response.status_code < 500
    if response["Content-Type"].startswith("application/json"):
        assert response["X-Content-Type-Options"] == "nosniff"
    else:
        assert b"<script>alert(1)" not in response.content


@pytest.mark.django_db
@HYPOTHESIS
@given(
    kind=st.sampled_from([*sorted(LISTS), "", "organization-meetings"]),
    params=st.dictionaries(OPARL_PARAMS, NASTY, max_size=3),
)
def test_oparl_lists_survive_any_query(small_site, client, kind, params):
    """Every list (the body list and each organization's meetings too), any parameter."""
    query = "&".join(f"{key}={quote(value, safe='')}" for key, value in params.items())
    if kind == "":
        path = "/oparl/v1/bodies/"
    elif kind == "organization-meetings":
        body = BodyPage.objects.get()
        path = f"/oparl/v1/organization/{body.pk}/meetings/"
    else:
        path = f"/oparl/v1/body/{small_site.pk}/{kind}/"
    response = client.get(f"{path}?{query}")
    assert_no_server_error(response)
    assert response.status_code in (200, 400, 404)
    if response.status_code == 400:
        # A clear message that names what was wrong.
        error = json.loads(response.content)["error"]
        assert "sidenummer" in error or any(name in error for name in params)


@pytest.mark.django_db
@HYPOTHESIS
@given(
    kind=st.sampled_from(["meeting", "paper", "file", "location", "legislativeterm", "x"]),
    key=NASTY,
)
def test_oparl_objects_survive_any_address(small_site, client, kind, key):
    response = client.get(f"/oparl/v1/{kind}/{quote(key, safe='')}/")
    assert_no_server_error(response)


@pytest.mark.django_db
@HYPOTHESIS
@given(params=st.dictionaries(API_PARAMS, NASTY, max_size=3))
@example(params={"offset": "9223372036854775808"})
@example(params={"search": "\x00"})
@example(params={"search": 'helse"'})
def test_api_survives_any_query(small_site, client, params):
    query = "&".join(f"{key}={quote(value, safe='')}" for key, value in params.items())
    for endpoint in ("pages", "documents", "images"):
        assert_no_server_error(client.get(f"/api/v2/{endpoint}/?{query}"))
