"""Public pages cost a bounded number of queries, the same with the demo and 200 more cases.

Every public page, listings and detail pages alike, stays at or below 15 queries. The search
page has its own bound: besides its fixed queries (the full-text and prefix queries, tags,
bodies, editors' picks) it loads each page type among the ten shown results once, with one
query per relation its excerpts read; that is a constant whatever the number of documents
or results, but above 15 when the results mix plans, cases, minutes and invitations.

The URLs are the demo's own pages of each type plus the site-wide views; they are counted
with the demo alone and again after `generate_records` has added bodies, meetings, minutes,
cases and plans around them (the benchmark does the same at 10,000 cases).
"""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.versions import published_versions
from meetings.models import CasePage, MeetingPage, MinutesPage

MAX_QUERIES = 15
# 5 fixed + per shown type: 1, and for cases 4, plans 5, minutes 4, invitations 2, meetings 1
# more (one per relation in their `search_result_pages`).
MAX_SEARCH_QUERIES = 30
# An old version (and a diff, two of them) is a Wagtail revision turned back into a page, its
# foreign keys checked with one query per model they point to (cms.versions), and the current
# exemptions applied to it: within the same bound as every public page (issue 13);
# cms/tests/test_version_queries.py counts each document type with 2 and 30 rows.
MAX_VERSION_QUERIES = 15


def public_urls():
    """One live page of each type (the one with the most agenda items for minutes)."""
    by_type = {}
    for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
        by_type.setdefault(type(page).__name__, page.url)
    minutes = max(MinutesPage.objects.live(), key=lambda page: page.items.count())
    by_type["MinutesPage"] = minutes.url
    tag = Page.objects.live().filter(tagged_items__isnull=False).first().tagged_items.first()
    case = CasePage.objects.live().order_by("path").first()
    meeting = MeetingPage.objects.live().order_by("path").first()
    # An older version of a document with several, and its diff against the one before.
    versioned = next(
        page
        for page in Page.objects.live().filter(depth__gt=2).specific().order_by("path")
        if hasattr(page, "public_diff_fields") and len(published_versions(page)) > 1
    )
    older = published_versions(versioned)[-2].revision_id
    return sorted(by_type.values()) + [
        f"{versioned.url}versjoner/",
        f"{versioned.url}versjoner/{older}/",
        f"{versioned.url}versjoner/{versioned.live_revision_id}/endringer/",
        f"/kalender/mote-{meeting.pk}.ics",
        "/rss/",
        "/atom/",
        f"/rss/side/{case.body_page_id}/",
        f"/rss/tema/{tag.tag.slug}/",
        "/rss/sok/?q=plan",
        "/sok/?q=plan",
        "/tema/",
        f"/tema/{tag.tag.slug}/",
        "/kalender/",
        "/kalender.ics",
        "/sitemap.xml",
        "/sitemap-saker.xml",
        "/sitemap-moter.xml",
    ]


def limit_for(url):
    if url.startswith("/sok/"):
        return MAX_SEARCH_QUERIES
    if "/versjoner/" in url and not url.endswith("/versjoner/"):
        return MAX_VERSION_QUERIES
    return MAX_QUERIES


def count_queries(client, urls):
    counts = {}
    for url in urls:
        cache.clear()
        # Warm the caches every request shares (site root paths, navigation, tag counts); the
        # page cache is off in tests, so the counted request renders the page.
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


@pytest.mark.django_db
def test_public_pages_cost_a_bounded_number_of_queries(demo_site, client):
    urls = public_urls()
    demo = count_queries(client, urls)
    call_command(
        "generate_records",
        cases=200,
        meetings=40,
        plans=30,
        bodies=3,
        seed=3,
        anchor=datetime.date(2026, 6, 1),
        no_index=True,
        verbosity=0,
    )
    generated = count_queries(client, urls + public_urls())
    report = "\n".join(f"{demo.get(url, '-'):>3} {n:>3} {url}" for url, n in generated.items())
    grown = {url: (demo[url], generated[url]) for url in demo if generated[url] > demo[url]}
    assert not grown, report
    too_many = {url: n for url, n in generated.items() if n > limit_for(url)}
    assert not too_many, report


SEARCH_MARK = "Zyxkvarts"


@pytest.mark.django_db
def test_search_with_every_document_type_among_the_results_is_bounded(demo_site, client):
    """One search whose ten shown results mix every document type: plan, meeting,
    invitation, minutes, a case with attachments, a body and a standard page."""
    from home.models import StandardPage
    from meetings.models import BodyPage, InvitationPage
    from plans.models import PlanPage

    chosen = [
        PlanPage.objects.live().order_by("path").first(),
        MeetingPage.objects.live().order_by("path").first(),
        InvitationPage.objects.live().order_by("path").first(),
        max(MinutesPage.objects.live(), key=lambda page: page.items.count()),
        CasePage.objects.live().filter(attachments__isnull=False).order_by("path").first(),
        BodyPage.objects.live().order_by("path").first(),
        StandardPage.objects.live().order_by("path").first(),
    ]
    assert all(chosen), chosen
    for page in chosen:
        page.title = f"{page.title} {SEARCH_MARK}"
        page.save()
    url = f"/sok/?q={SEARCH_MARK.lower()}"
    counts = count_queries(client, [url])
    html = client.get(url).content.decode()
    for page in chosen:
        assert page.title in html, page
    assert counts[url] <= MAX_SEARCH_QUERIES, counts
