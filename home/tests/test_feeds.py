"""RSS and Atom feeds: valid, announced, dated by substantive change, exempt content kept out."""

import datetime
import re
from urllib.parse import quote, urlencode

import feedparser
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from meetings.factories import CasePageFactory
from plans.factories import PlanPageFactory

OSLO = datetime.timezone(datetime.timedelta(hours=1))
FEED_PATHS = ["/rss/", "/atom/"]


def at(day, hour=12):
    return time_machine.travel(datetime.datetime(2024, 1, day, hour, tzinfo=OSLO), tick=False)


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


def feed_urls_in(html):
    return re.findall(
        r'<link rel="alternate" type="application/(?:rss|atom)\+xml"[^>]*href="([^"]+)"', html
    )


def test_every_feed_on_the_demo_parses_and_has_entries(demo_site, client):
    home_html = client.get("/").content.decode()
    site_feeds = feed_urls_in(home_html)
    assert sorted(site_feeds) == ["/atom/", "/rss/"]
    urls = set(site_feeds)
    for path in ["/politikk/", "/planer/", "/tema/"]:
        html = client.get(path).content.decode()
        urls.update(feed_urls_in(html))
        for link in re.findall(r'href="(/(?:politikk|tema)/[^/"]+/)"', html)[:3]:
            urls.update(feed_urls_in(client.get(link).content.decode()))
    urls.update(feed_urls_in(client.get("/sok/?q=kompetanse").content.decode()))
    urls.update(f"{fmt}type/{slug}/" for fmt in FEED_PATHS for slug in ["saker", "planer"])
    kinds = {re.match(r"/(?:rss|atom)/(\w+)?", url).group(1) for url in urls}
    assert {None, "side", "tema", "sok", "type"} <= kinds, urls
    with_entries = set()
    for url in sorted(urls):
        _response, feed = parse(client, url)
        assert all(entry.title and entry.link and entry.id for entry in feed.entries)
        if feed.entries:
            with_entries.add(url)
    # Some bodies have no documents yet; every other kind of feed has entries on the demo.
    assert {url for url in urls if "/side/" not in url} <= with_entries
    assert any("/side/" in url for url in with_entries)
    _response, feed = parse(client, "/rss/")
    assert feed.feed.title.startswith("Nye og endrede dokumenter")
    assert feed.version == "rss20"
    assert parse(client, "/atom/")[1].version == "atom10"


def test_a_correction_makes_no_entry_and_moves_none(site_tree, client, publish):
    with at(10):
        first = CasePageFactory(parent=site_tree["body"], title="Ny skolestruktur")
        publish(first)
    with at(12):
        second = CasePageFactory(parent=site_tree["body"], title="Nytt bibliotek")
        publish(second)
    _response, before = parse(client, "/rss/")
    assert [e.title for e in before.entries] == ["Nytt bibliotek", "Ny skolestruktur"]

    with at(20):
        publish(first, facts="<p>Rettet skrivefeil.</p>", change_kind="correction")
    _response, after = parse(client, "/rss/")
    assert [(e.title, e.id, e.published) for e in after.entries] == [
        (e.title, e.id, e.published) for e in before.entries
    ]

    with at(25):
        publish(first, facts="<p>Nytt forslag.</p>", change_kind="substantive")
    _response, changed = parse(client, "/atom/")
    assert [e.title for e in changed.entries] == ["Ny skolestruktur", "Nytt bibliotek"]
    assert changed.entries[0].id not in {e.id for e in before.entries}
    assert changed.entries[0].updated.startswith("2024-01-25")


def test_feeds_by_body_tag_type_and_search(site_tree, client, publish):
    case = CasePageFactory(parent=site_tree["body"], title="Trafikksikkerhet ved skolen")
    publish(case, tags=["trafikk"])
    other = CasePageFactory(parent=site_tree["other"], title="Eldresenteret")
    publish(other, tags=["helse"])
    plan = PlanPageFactory(parent=site_tree["plans"], title="Trafikkplan")
    publish(plan, tags=["trafikk"])

    def titles(url):
        return {entry.title for entry in parse(client, url)[1].entries}

    assert titles(f"/rss/side/{site_tree['body'].pk}/") == {"Trafikksikkerhet ved skolen"}
    assert titles("/atom/tema/trafikk/") == {"Trafikksikkerhet ved skolen", "Trafikkplan"}
    assert "«trafikk»" in parse(client, "/atom/tema/trafikk/")[1].feed.subtitle
    [entry] = parse(client, f"/rss/side/{site_tree['body'].pk}/")[1].entries
    assert entry.summary.startswith("Sak · Driftskomiteen.")
    assert titles("/rss/type/saker/") == {"Trafikksikkerhet ved skolen", "Eldresenteret"}
    assert titles("/rss/type/planer/") == {"Trafikkplan"}
    assert titles("/rss/sok/?q=Eldresenteret") == {"Eldresenteret"}
    assert titles("/rss/sok/") == set()

    body_html = client.get(site_tree["body"].url).content.decode()
    assert f"/rss/side/{site_tree['body'].pk}/" in feed_urls_in(body_html)
    assert "/rss/tema/trafikk/" in feed_urls_in(client.get("/tema/trafikk/").content.decode())
    assert "/rss/sok/?q=skolen" in feed_urls_in(client.get("/sok/?q=skolen").content.decode())
    assert feed_urls_in(client.get(case.url).content.decode()) == []


def test_exempt_case_shows_only_its_public_title(site_tree, client, publish):
    secret = "Kari Nordmann"
    case = CasePageFactory(
        parent=site_tree["body"],
        title="Personalsak",
        exempt=True,
        exempt_basis="Offl. § 13",
        search_description=f"Oppsigelse av {secret}",
        facts=f"<p>{secret} har fått advarsel.</p>",
    )
    publish(case, tags=["personal"])
    for url in [
        "/rss/",
        "/atom/",
        f"/rss/side/{site_tree['body'].pk}/",
        "/rss/tema/personal/",
        "/rss/type/saker/",
    ]:
        response, feed = parse(client, url)
        assert secret.encode() not in response.content, url
        assert [entry.title for entry in feed.entries] == ["Personalsak"]


def test_private_and_unpublished_documents_stay_out(site_tree, client, publish):
    publish(CasePageFactory(parent=site_tree["body"], title="Offentlig sak"))
    CasePageFactory(parent=site_tree["body"], title="Utkast", live=False)
    _response, feed = parse(client, "/rss/")
    assert [entry.title for entry in feed.entries] == ["Offentlig sak"]


def test_feed_queries_do_not_grow_with_entries(site_tree, client, publish):
    def count(n):
        for _ in range(n):
            publish(CasePageFactory(parent=site_tree["body"]))
            publish(PlanPageFactory(parent=site_tree["plans"]))
        client.get("/rss/")  # warm the site, content type and settings caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/rss/")
        assert response.status_code == 200
        return len(queries)

    few = count(3)
    many = count(30)
    assert many == few
    assert many <= 25


def test_feeds_hold_at_most_fifty_entries(site_tree, client):
    for _ in range(55):
        CasePageFactory(parent=site_tree["body"])
    _response, feed = parse(client, "/rss/type/saker/")
    assert len(feed.entries) == 50


@pytest.mark.parametrize(
    "url",
    [
        "/rss/side/99999999999999999999999/",
        "/rss/side/0/",
        "/atom/tema/%00/",
        "/rss/tema/finnes-ikke/",
        "/rss/type/ukjent/",
    ],
)
def test_unknown_feeds_are_not_found(site_tree, client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query", ['"', 'helse"', "\x00", "a" * 10_000, "<script>alert(1)</script>", "NOT OR AND", "ǅ"]
)
def test_hostile_search_feed_queries(site_tree, client, publish, query):
    publish(CasePageFactory(parent=site_tree["body"], title="Helse og omsorg"))
    response, feed = parse(client, "/rss/sok/?" + f"q={query}".replace("\x00", "%00"))
    assert b"<script>" not in response.content


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(max_size=200))
def test_random_feed_parameters_never_fail(site_tree, client, value):
    for url in (f"/rss/sok/?{urlencode({'q': value})}", f"/atom/tema/{quote(value, safe='')}/"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
