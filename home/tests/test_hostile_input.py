"""Hostile input on every public page type, query parameter and form field: never a 500.

Random text, NUL, huge numbers, look-alike Unicode digits, 10 kB strings and XSS payloads go
into every query parameter the site reads, into path segments that name ids and slugs, and into
every field of the demo invitation's registration form (with a real CSRF token). Every answer
must be below 500, and an XSS payload must never come back unescaped.
"""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

XSS = [
    "<script>alert('radhus-xss')</script>",
    '"><img src=x onerror=alert("radhus-xss")>',
    "'><svg/onload=alert('radhus-xss')>",
    "</textarea><script>radhus-xss</script>",
]
SPECIAL = [
    "",
    '"',
    'helse"',
    "\x00",
    "1\x00",
    "²",
    "٣",
    "２０２５",
    "2025\u200b",
    "\u202e2025",
    "Ⅻ",
    "-1",
    "0",
    "1e9",
    " 7 ",
    "99999999999999999999",
    str(2**63),
    "AND OR NOT",
    "*",
    "' OR 1=1 --",
    "helse:true",
    "x" * 10_240,
]
hostile = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(XSS),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.builds(lambda text, xss: text + xss, st.text(max_size=10), st.sampled_from(XSS)),
)
# Every query parameter a public page reads (search, tag pages, /planer/ filters, body pages'
# case filters and paginators, calendar, pagination).
PARAMETERS = [
    "q",
    "side",
    "type",
    "status",
    "unit",
    "year",
    "tag",
    "ar",
    "kommende",
    "tidligere",
    "saker",
    "medlemmer",
    "oppfolging",
    "organ",
    "maned",
    "sortering",
    "tema",
]
HYPOTHESIS = settings(
    max_examples=15,
    deadline=None,
    # The same examples on every run (CI is reproducible), and no .hypothesis/ example database.
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def targets(module_demo_site):
    """One URL of every public page type of the demo, plus the views outside the page tree."""
    from cms.models import DocumentPage
    from cms.tags import tags_in_use
    from meetings.models import InvitationPage, MeetingPage

    by_type = {}
    for page in Page.objects.live().public().specific().order_by("path"):
        by_type.setdefault(type(page).__name__, page)
    document = next(p for p in by_type.values() if isinstance(p, DocumentPage))
    tag = next(iter(tags_in_use()))
    return {
        "pages": [page.url for page in by_type.values() if page.url],
        "views": ["/sok/", "/tema/", f"/tema/{tag.slug}/", "/kalender/", "/kalender.ics"],
        "document": document.url,
        "meeting_id": MeetingPage.objects.live().first().pk,
        "invitation": InvitationPage.objects.get().url,
    }


def assert_safe(response, payload):
    assert response.status_code < 500, response.status_code
    if "<" in payload and "html" in response.get("Content-Type", ""):
        assert payload not in response.content.decode(), "unescaped payload in the page"


@HYPOTHESIS
@given(name=st.sampled_from(PARAMETERS), value=hostile, side=hostile)
def test_every_query_parameter_of_every_page_type(targets, db, client, name, value, side):
    for url in targets["pages"] + targets["views"]:
        response = client.get(url, {name: value, "side": side})
        assert_safe(response, value)
        assert_safe(response, side)


@HYPOTHESIS
@given(value=hostile)
def test_the_search_query(targets, db, client, value):
    response = client.get("/sok/", {"q": value})
    assert_safe(response, value)
    assert response.status_code == 200


@HYPOTHESIS
@given(name=st.sampled_from(["type", "organ", "ar", "tema", "sortering", "side"]), value=hostile)
def test_search_facets_and_sort_with_a_query(targets, db, client, name, value):
    response = client.get("/sok/", {"q": "kompetanse", name: value})
    assert_safe(response, value)
    assert response.status_code == 200


def test_search_quotes_nul_and_long_queries_get_an_answer(targets, db, client):
    for query in ['"', 'helse"', "\x00", '"kompetanse plan"', "kompetanse\x00plan"]:
        assert client.get("/sok/", {"q": query}).status_code == 200, query
    html = client.get("/sok/", {"q": "helse " * 2000}).content.decode()
    assert "Søket er for langt. Bare de første 200 tegnene er brukt." in html


def test_a_year_that_is_not_a_number_gets_a_clear_message(targets, db, client):
    from meetings.models import BodyPage

    body = BodyPage.objects.live().filter(language="nb").order_by("path").first()
    for year in ["²", "٣", "２０２５", "99999999999999999999", "-1"]:
        response = client.get(body.url, {"ar": year})
        assert response.status_code == 200
        assert "Skriv årstallet med fire sifre, for eksempel 2025." in response.content.decode()


@HYPOTHESIS
@given(
    segment=st.one_of(st.sampled_from(SPECIAL), st.text(min_size=1, max_size=30)),
    number=st.one_of(
        st.integers(min_value=0, max_value=10**40).map(str),
        st.sampled_from(["99999999999999999999", str(2**63), str(2**63 - 1), "0"]),
    ),
)
def test_ids_and_slugs_in_the_path(targets, db, client, segment, number):
    from urllib.parse import quote

    document = targets["document"]
    urls = [
        f"/kalender/mote-{number}.ics",
        f"{document}versjoner/{number}/",
        f"{document}versjoner/{number}/endringer/",
        f"/tema/{quote(segment, safe='')}/",
        f"/politikk/{quote(segment, safe='')}/",
        f"{document}{quote(segment, safe='')}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
    assert client.get(f"/kalender/mote-{targets['meeting_id']}.ics").status_code == 200


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@HYPOTHESIS
@given(
    name=hostile,
    municipality=hostile,
    email=st.one_of(hostile, st.emails().map(str)),
    role=st.one_of(hostile, st.sampled_from(["Kontaktperson", "Leiar"])),
    trap=st.one_of(st.just(""), hostile),
    waiting_list=st.one_of(st.just(""), hostile),
    started=st.one_of(st.none(), hostile),
)
@time_machine.travel(datetime.datetime(2020, 1, 6, 12, tzinfo=datetime.UTC))
def test_the_registration_form(
    targets, db, name, municipality, email, role, trap, waiting_list, started
):
    from django.core.cache import cache
    from django.test import override_settings

    # Each example is a new visitor who took their time: the rate limit and the honeypot's time
    # check have their own tests, here the hostile text must reach every field's validation.
    cache.clear()
    client = Client(enforce_csrf_checks=True)
    url = targets["invitation"]
    form = client.get(url)
    html = form.content.decode()
    assert 'class="registration-form"' in html
    token = re.search(r'name="rh_started" value="([^"]+)"', html).group(1)
    data = {
        "namn": name,
        "kommune": municipality,
        "e_post": email,
        "rolle": role,
        "rh_homepage": trap,
        "rh_waiting_list": waiting_list,
        "rh_started": token if started is None else started,
    }
    with override_settings(REGISTRATION_MIN_SECONDS=0):
        response = client.post(url, {**data, "csrfmiddlewaretoken": csrf_token(html)})
    assert response.status_code in (200, 400), response.status_code
    for key, value in data.items():
        if key != "rh_started":
            assert_safe(response, value)
